// Measured value vs threshold, and one number out of an instant query.
import type { Op } from '../labs/types';
import type { Sample } from './prometheus';

/** `measured op threshold`. A null (no data) or NaN measurement never passes. */
export function compare(measured: number | string | null | undefined, op: Op, threshold: number | string): boolean {
  if (measured === null || measured === undefined) return false;
  if (typeof measured === 'number' && Number.isNaN(measured)) return false;
  if (typeof measured === 'string' || typeof threshold === 'string') {
    const a = String(measured);
    const b = String(threshold);
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
    return compare(Number(a), op, Number(b));
  }
  switch (op) {
    case '<':
      return measured < threshold;
    case '<=':
      return measured <= threshold;
    case '==':
      return measured === threshold;
    case '!=':
      return measured !== threshold;
    case '>=':
      return measured >= threshold;
    case '>':
      return measured > threshold;
  }
}

export type SingleValue = { value: number; note?: undefined } | { value: null; note: string };

/** The one value of a query result: empty or NaN → null ("no data"); more than one series → null with a note. */
export function singleValue(samples: Sample[]): SingleValue {
  if (samples.length === 0) return { value: null, note: 'no data (the query returned no series)' };
  if (samples.length > 1) {
    const shown = samples.slice(0, 3).map((s) => JSON.stringify(s.labels)).join(', ');
    return { value: null, note: `the query returned ${samples.length} series (${shown}…); aggregate it to one series, e.g. with sum() or max()` };
  }
  const v = samples[0].value;
  if (Number.isNaN(v)) return { value: null, note: 'no data (the query returned NaN)' };
  return { value: v };
}
