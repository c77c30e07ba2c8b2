// Value formatting by panel unit: ms/s/min, req/s, %, counts, bytes, a cost per hour. Pure (unit-tested in Node).
import type { PanelUnit } from '../../src/extension/webviews/dashboard/protocol';

/** Up to 3 significant digits, no trailing zeros: 12.3, 0.0412, 1230 → "1230". */
function sig(v: number, digits = 3): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 10 ** digits) return Math.round(v).toString();
  return Number(v.toPrecision(digits)).toString();
}

/** 1234 → "1.23k", 2_500_000 → "2.5M". */
function compact(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${sig(v / 1e9)}G`;
  if (abs >= 1e6) return `${sig(v / 1e6)}M`;
  if (abs >= 1e4) return `${sig(v / 1e3)}k`;
  return sig(v);
}

function duration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 ms';
  if (abs < 1e-3) return `${sig(seconds * 1e6)} µs`;
  if (abs < 1) return `${sig(seconds * 1e3)} ms`;
  if (abs < 120) return `${sig(seconds)} s`;
  if (abs < 7200) return `${sig(seconds / 60)} min`;
  return `${sig(seconds / 3600)} h`;
}

function bytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${i === 0 ? Math.round(x) : sig(x)} ${units[i]}`;
}

/** "12.3 ms", "250 req/s", "12.5%", "1.23k", "1.5 MiB"; "–" for no value. */
export function formatValue(v: number | null | undefined, unit: PanelUnit | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  switch (unit) {
    case 'seconds':
      return duration(v);
    case 'reqps':
      return `${compact(v)} req/s`;
    case 'percent':
      return `${sig(v)}%`;
    case 'ratio':
      return `${sig(v * 100)}%`;
    case 'bytes':
      return bytes(v);
    case 'cost-per-hour':
      return `${sig(v)}/h`;
    case 'count':
    default:
      return compact(v);
  }
}

/** Axis ticks: the same, shorter (no space before %/units where it reads well). */
export function formatTick(v: number, unit: PanelUnit | undefined): string {
  if (unit === 'reqps') return `${compact(v)}/s`;
  return formatValue(v, unit);
}

/** A check's measured value: numbers by unit, strings (constraints) as they are. */
export function formatMeasured(v: number | string | null, unit: PanelUnit | undefined): string {
  return typeof v === 'string' ? v : formatValue(v, unit);
}

/** "< 150 ms" style threshold text for check results. */
export function formatThreshold(op: string, threshold: number | string, unit: PanelUnit | undefined): string {
  return `${op} ${formatMeasured(threshold, unit)}`;
}
