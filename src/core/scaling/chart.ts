// A scale proof in the writeup: a Markdown table of both throughputs and the ratio, and a standalone SVG
// bar chart (one bar per replica count; the ideal linear throughput of the scaled side drawn as a line),
// for one run or for several (the first failing run beside the passing one).
import { scaleBand, scaleLinear } from 'd3-scale';
import type { ScalingCheckResult } from './types';

const W = 560;
const H = 260;
const M = { top: 40, right: 16, bottom: 44, left: 64 };
const PASS = '#2ca02c';
const FAIL = '#d62728';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

/** One labelled result per group of bars, e.g. "baseline" and "your fix". */
export interface ScalingRun {
  label: string;
  result: ScalingCheckResult;
}

/** | run | 1 replica | 3 replicas | ratio | verdict | */
export function scalingTable(runs: ScalingRun[]): string {
  if (!runs.length) return '';
  const [base, scaled] = runs[0].result.scaling.sides.map((s) => s.replicas);
  const unit = '/s';
  const rows = [
    `| Run | ${base} replica${base === 1 ? '' : 's'} | ${scaled} replicas | Ratio | Verdict |`,
    '|---|---:|---:|---:|---|',
    ...runs.map(({ label, result: r }) => {
      const [a, b] = r.scaling.sides;
      return `| ${label} | ${fmt(a.throughput)}${unit} | ${fmt(b.throughput)}${unit} | ${fmt(r.measured, 2)} | ${r.pass ? 'pass' : 'fail'} (${r.op} ${r.threshold}) |`;
    }),
  ];
  return rows.join('\n') + '\n';
}

/** Bars of throughput per replica count, grouped by run; a dashed line marks linear scaling of each group. */
export function scalingChartSvg(runs: ScalingRun[], title: string): string {
  const groups = scaleBand<string>().domain(runs.map((r) => r.label)).range([M.left, W - M.right]).paddingInner(0.25).paddingOuter(0.1);
  const values = runs.flatMap((r) => {
    const [a, b] = r.result.scaling.sides;
    const linear = a.throughput === null ? null : (a.throughput * b.replicas) / a.replicas;
    return [a.throughput, b.throughput, linear].filter((v): v is number => v !== null && Number.isFinite(v));
  });
  const y = scaleLinear().domain([0, Math.max(1, ...values)]).nice().range([H - M.bottom, M.top]);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${M.left}" y="16" font-size="13" font-weight="bold" fill="#222">${esc(title)}</text>`);
  for (const v of y.ticks(5)) {
    const py = y(v).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle" fill="#555">${esc(y.tickFormat(5, '~s')(v))}</text>`);
  }
  out.push(`<text transform="translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#555">processed per second</text>`);
  for (const { label, result } of runs) {
    const gx = groups(label) ?? M.left;
    const bw = groups.bandwidth() / 2;
    const color = result.pass ? PASS : FAIL;
    result.scaling.sides.forEach((side, i) => {
      const x = gx + i * bw + 2;
      const v = side.throughput;
      if (v === null) {
        out.push(`<text x="${(x + bw / 2 - 2).toFixed(1)}" y="${H - M.bottom - 6}" text-anchor="middle" fill="#999">no data</text>`);
      } else {
        const top = y(v);
        out.push(`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${(H - M.bottom - top).toFixed(1)}" fill="${color}" fill-opacity="${i === 0 ? 0.45 : 0.9}"/>`);
        out.push(`<text x="${(x + bw / 2 - 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" fill="#333">${fmt(v)}/s</text>`);
      }
      out.push(`<text x="${(x + bw / 2 - 2).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle" fill="#555">×${side.replicas}</text>`);
    });
    const [a, b] = result.scaling.sides;
    if (a.throughput !== null && a.throughput > 0) {
      const ly = y((a.throughput * b.replicas) / a.replicas).toFixed(1);
      out.push(`<line x1="${(gx + bw).toFixed(1)}" x2="${(gx + 2 * bw - 2).toFixed(1)}" y1="${ly}" y2="${ly}" stroke="#555" stroke-dasharray="4 3"/>`);
    }
    out.push(`<text x="${(gx + bw).toFixed(1)}" y="${H - 10}" text-anchor="middle" fill="#222">${esc(label)}: ratio ${fmt(result.measured, 2)}</text>`);
  }
  out.push(`<text x="${W - M.right}" y="30" text-anchor="end" fill="#555" font-size="10">dashed: linear scaling of the first bar</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
