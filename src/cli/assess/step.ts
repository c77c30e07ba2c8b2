// One step of `breakfix assess`: its own usage line, run with the assess command's parsed flags.
import type { AssessmentRecord } from '../../core/assessment/types';
import { formatCountdown, phaseOf, secondsLeft } from '../../core/assessment/record';
import type { CliContext } from '../context';

export interface AssessStep {
  name: string;
  usage: string;
  summary: string;
  /** Not listed: run by the product itself (the incident driver). */
  hidden?: boolean;
  run(ctx: CliContext): Promise<number>;
}

export const flag = (ctx: CliContext, name: string): string | undefined => (typeof ctx.flags[name] === 'string' ? (ctx.flags[name] as string) : undefined);

/** `⏱ 41:07 left · fix · 1 submit (fail)`: the countdown line. */
export function countdownLine(r: AssessmentRecord, now = Date.now()): string {
  const left = secondsLeft(r, now);
  const last = r.submits.at(-1);
  const submits = r.submits.length ? ` · ${r.submits.length} submit${r.submits.length === 1 ? '' : 's'} (last: ${last!.verdict})` : '';
  return `${left ? `${formatCountdown(left)} left` : 'time is up'} · phase: ${phaseOf(r, now)} · ${r.lab}${submits}`;
}
