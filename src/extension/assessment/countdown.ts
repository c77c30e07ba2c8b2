// What the status bar and the Assessment view say about the time: pure, from the record and a clock.
import { formatCountdown, phaseOf, runningFor, secondsLeft } from '../../core/assessment/record';
import type { AssessmentRecord } from '../../core/assessment/types';

export interface CountdownView {
  text: string;
  tooltip: string;
  /** The time is up (the driver submits what is there). */
  up: boolean;
}

/** `HH:MM UTC` of an ISO time. */
export function utcClock(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** `$(watch) 41:07 · fix`, or `$(watch) time is up · postmortem`; undefined when no assessment runs. */
export function countdownView(record: AssessmentRecord | undefined, now = Date.now()): CountdownView | undefined {
  const r = runningFor(record);
  if (!r) return undefined;
  const left = secondsLeft(r, now);
  const phase = phaseOf(r, now);
  const up = left === 0;
  return {
    text: `$(watch) ${up ? 'time is up' : formatCountdown(left)} · ${phase}`,
    tooltip: `Assessment of ${r.lab}: ${up ? `time was up at ${utcClock(r.deadline)}` : `${formatCountdown(left)} left, until ${utcClock(r.deadline)}`} (${r.minutes} minutes). Phase: ${phase}.\nClick to show the Assessment view.`,
    up,
  };
}
