// A run's panel as a standalone SVG line chart (d3-scale for scales and ticks, d3-shape for the lines):
// seconds since the load started on x, the panel's unit on y, fault periods shaded.
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { PanelSeries } from '../checker/types';

export interface FaultBand {
  fault: string;
  /** Seconds since the load started. */
  from: number;
  to: number;
}

const W = 720;
const H = 260;
const M = { top: 34, right: 16, bottom: 44, left: 64 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "outcome=retry" for a series' labels; the panel's title when it has none. */
export function seriesName(labels: Record<string, string>, fallback: string): string {
  const parts = Object.entries(labels).filter(([k]) => k !== '__name__').map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : fallback;
}

/** `startMs` is the load's start: x = 0 there. NaN and ±Inf values are gaps. */
export function chartSvg(panel: PanelSeries, startMs: number, bands: readonly FaultBand[] = []): string {
  const t0 = startMs / 1000;
  const points = panel.series.flatMap((s) => s.values.filter(([, v]) => Number.isFinite(v)));
  const xs = panel.series.flatMap((s) => s.values.map(([t]) => t - t0));
  const x = scaleLinear()
    .domain([Math.min(0, ...xs), Math.max(1, ...xs, ...bands.map((b) => b.to))])
    .range([M.left, W - M.right]);
  const yMax = Math.max(0, ...points.map(([, v]) => v));
  const y = scaleLinear().domain([0, yMax > 0 ? yMax : 1]).nice().range([H - M.bottom, M.top]);
  const path = line<[number, number]>()
    .defined(([, v]) => Number.isFinite(v))
    .x(([t]) => x(t - t0))
    .y(([, v]) => y(v));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${M.left}" y="16" font-size="13" font-weight="bold" fill="#222">${esc(panel.title)}</text>`);
  bands.forEach((b, i) => {
    const x0 = x(b.from);
    const x1 = x(b.to);
    out.push(`<rect x="${x0.toFixed(1)}" y="${M.top}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${H - M.top - M.bottom}" fill="#f5a623" fill-opacity="0.15"/>`);
    // One label row per band, so bands that start close together stay readable.
    out.push(`<text x="${(x0 + 3).toFixed(1)}" y="${M.top + 11 + (i % 4) * 12}" fill="#a05a00" font-size="10">${esc(b.fault)}</text>`);
  });
  for (const v of y.ticks(5)) {
    const py = y(v).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" fill="#555">${esc(y.tickFormat(5, '~s')(v))}</text>`);
  }
  for (const t of x.ticks(8)) {
    const px = x(t).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#888"/>`);
    out.push(`<text x="${px}" y="${H - M.bottom + 16}" text-anchor="middle" fill="#555">${t}s</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#888"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle" fill="#555">seconds since the load started</text>`);
  out.push(`<text transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#555">${esc(panel.unit ?? '')}</text>`);
  panel.series.forEach((s, i) => {
    const d = path(s.values);
    if (d) out.push(`<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.8"/>`);
  });
  if (!points.length) out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#999">no data over this run</text>`);
  let lx = W - M.right;
  const legend = panel.series.length > 1 ? panel.series.map((s, i) => ({ name: seriesName(s.labels, panel.title), color: COLORS[i % COLORS.length] })) : [];
  for (const l of [...legend].reverse()) {
    const w = 14 + l.name.length * 6.2;
    lx -= w + 10;
    out.push(`<rect x="${lx.toFixed(1)}" y="20" width="10" height="3" fill="${l.color}"/><text x="${(lx + 14).toFixed(1)}" y="25" fill="#333" font-size="10">${esc(l.name)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
