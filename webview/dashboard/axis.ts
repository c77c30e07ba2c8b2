// The time axis' tick step. Pure (unit-tested in Node).
/** The y axis' fixed width: the plot area does not jump as values change (dashboard.css keeps notices clear of it). */
export const Y_AXIS_WIDTH_PX = 64;
/** Steps (minutes) the x ticks may use. */
const TICK_STEPS = [1, 2, 3, 5, 10, 15, 30];
/** Room per "HH:mm" label, in px. */
const TICK_SPACING_PX = 64;

/**
 * Minutes between x ticks for the span the axis shows (minutes) and the plot width. A fixed unit and step, with autoSkip off,
 * spare chart.js the label-capacity measurement, the one-tick-per-minute generation and the skip
 * pass it otherwise does on every update.
 */
export function tickStepMinutes(spanMinutes: number, widthPx: number): number {
  const fit = Math.max(2, Math.floor(widthPx / TICK_SPACING_PX));
  return TICK_STEPS.find((s) => spanMinutes / s <= fit) ?? TICK_STEPS[TICK_STEPS.length - 1];
}
