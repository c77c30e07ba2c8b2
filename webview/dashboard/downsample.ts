// Caps a series to the canvas width before chart.js sees it: min-max per bucket (keeps spikes, which
// an average would hide), written into reused point objects so no garbage is made per frame. Pure.

export interface XY {
  x: number;
  y: number | null;
}

/** First index with xs[i] >= x (xs ascending). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function put(out: XY[], n: number, x: number, y: number | null): number {
  const p = out[n];
  if (p) {
    p.x = x;
    p.y = y;
  } else out[n] = { x, y };
  return n + 1;
}

/**
 * Writes xs/ys[from, to) into `out` (reusing its objects; `out.length` is set to the count).
 * When there are more than `maxPoints` points, each of maxPoints/2 equal-width x buckets contributes
 * its min and max (in x order), and the first and last points are kept. A bucket that holds only
 * gaps (null) contributes one gap, so gaps survive. Returns the count.
 */
export function downsampleInto(xs: ArrayLike<number>, ys: ArrayLike<number | null>, from: number, to: number, maxPoints: number, out: XY[]): number {
  let n = 0;
  const count = to - from;
  if (count <= 0) {
    out.length = 0;
    return 0;
  }
  if (count <= maxPoints || maxPoints < 4) {
    for (let i = from; i < to; i++) n = put(out, n, xs[i], ys[i]);
    out.length = n;
    return n;
  }
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const x0 = xs[from];
  const x1 = xs[to - 1];
  const span = x1 - x0 || 1;
  n = put(out, n, xs[from], ys[from]);
  let i = from + 1;
  for (let b = 0; b < buckets && i < to - 1; b++) {
    const edge = x0 + (span * (b + 1)) / buckets;
    let minI = -1;
    let maxI = -1;
    let gapI = -1;
    for (; i < to - 1 && (xs[i] < edge || b === buckets - 1); i++) {
      const y = ys[i];
      if (y === null) {
        if (gapI < 0) gapI = i;
        continue;
      }
      if (minI < 0 || y < (ys[minI] as number)) minI = i;
      if (maxI < 0 || y > (ys[maxI] as number)) maxI = i;
    }
    if (minI < 0) {
      if (gapI >= 0) n = put(out, n, xs[gapI], null);
      continue;
    }
    if (gapI >= 0 && gapI < Math.min(minI, maxI)) n = put(out, n, xs[gapI], null);
    if (minI === maxI) n = put(out, n, xs[minI], ys[minI]);
    else if (minI < maxI) {
      n = put(out, n, xs[minI], ys[minI]);
      n = put(out, n, xs[maxI], ys[maxI]);
    } else {
      n = put(out, n, xs[maxI], ys[maxI]);
      n = put(out, n, xs[minI], ys[minI]);
    }
  }
  n = put(out, n, xs[to - 1], ys[to - 1]);
  out.length = n;
  return n;
}
