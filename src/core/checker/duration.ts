// "500ms" / "30s" / "5m" / "1h" → milliseconds; a {quick, full} value → the mode's one.
import type { Duration, ModeDuration } from '../labs/types';
import type { CheckMode } from './types';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(d: Duration, field = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(d).trim());
  if (!m) throw new Error(`${field}: "${d}" is not a duration; write it like 500ms, 30s, 5m or 1h`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}

export function modeDuration(d: ModeDuration, mode: CheckMode, field = 'duration'): number {
  return typeof d === 'string' ? parseDuration(d, field) : parseDuration(d[mode], `${field}.${mode}`);
}

/** A PromQL range for a span: whole seconds, rounded up, at least 1s ("95s"). */
export function promRange(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
