// The fault bands on a chart.js chart: shaded behind the lines (hatched when the fault failed its verify),
// edged, and titled when there is room.
import type { Chart, Plugin } from 'chart.js';
import type { FaultBand } from '../../src/extension/webviews/dashboard/protocol';
import { bandRects } from './bands';
import type { Theme } from './theme';

export interface BandState {
  bands: readonly FaultBand[];
  theme: Theme;
}

const bandStates = new WeakMap<Chart, BandState>();

/** What the plugin draws on `chart` (its bands, in its theme's colours). */
export function setBandState(chart: Chart, state: BandState): void {
  bandStates.set(chart, state);
}

/** Draws the fault bands inside the plot area, before (behind) the lines. */
export const bandsPlugin: Plugin<'line'> = {
  id: 'breakfixBands',
  beforeDatasetsDraw(chart) {
    const st = bandStates.get(chart);
    const x = chart.scales.x;
    if (!st || !st.bands.length || !x) return;
    const area = chart.chartArea;
    const rects = bandRects(st.bands, x.min, x.max, (t) => x.getPixelForValue(t), area.left, area.right);
    if (!rects.length) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    ctx.font = `${Math.max(10, st.theme.fontSize - 2)}px ${st.theme.fontFamily}`;
    ctx.textBaseline = 'top';
    for (const r of rects) {
      const color = r.band.failed ? st.theme.bandFailed : r.open ? st.theme.bandActive : st.theme.bandPast;
      const w = r.right - r.left;
      const height = area.bottom - area.top;
      ctx.globalAlpha = r.open ? 0.22 : 0.14;
      ctx.fillStyle = color;
      ctx.fillRect(r.left, area.top, w, height);
      if (r.band.failed) {
        // Hatched: a failed fault is not an active one.
        ctx.save();
        ctx.beginPath();
        ctx.rect(r.left, area.top, w, height);
        ctx.clip();
        ctx.globalAlpha = 0.35;
        ctx.strokeStyle = color;
        ctx.lineWidth = 1;
        ctx.beginPath();
        for (let sx = r.left - height; sx < r.right; sx += 8) {
          ctx.moveTo(sx, area.bottom);
          ctx.lineTo(sx + height, area.top);
        }
        ctx.stroke();
        ctx.restore();
      }
      ctx.globalAlpha = 0.9;
      ctx.fillStyle = color;
      ctx.fillRect(r.left, area.top, 1.5, height);
      if (!r.open) ctx.fillRect(r.right - 1, area.top, 1, height);
      if (w > 48) {
        ctx.globalAlpha = 1;
        ctx.fillStyle = st.theme.foreground;
        const text = r.band.failed ? `${r.band.title} (failed)` : r.band.title;
        ctx.fillText(fit(ctx, text, w - 8), r.left + 4, area.top + 3);
      }
    }
    ctx.restore();
  },
};

function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(t + '…').width > width) t = t.slice(0, -1);
  return t + '…';
}
