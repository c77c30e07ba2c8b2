// The time axis' tick step. Pure (unit-tested in Node).
import type { WindowMinutes } from '../../src/extension/webviews/dashboard/protocol';

/** Steps (minutes) the x ticks may use. */
const TICK_STEPS = [1, 2, 3, 5, 10, 15, 30];
/** Room per "HH:mm" label, in px. */
const TICK_SPACING_PX = 64;

/**
 * Minutes between x ticks for a window and plot width. A fixed unit and step, with autoSkip off,
 * spare chart.js the label-capacity measurement, the one-tick-per-minute generation and the skip
 * pass it otherwise does on every update.
 */
export function tickStepMinutes(window: WindowMinutes, widthPx: number): number {
  const fit = Math.max(2, Math.floor(widthPx / TICK_SPACING_PX));
  return TICK_STEPS.find((s) => window / s <= fit) ?? window;
}
