// Fault bands in chart space: which bands a window shows, and where (pixels). Pure.
import type { FaultBand } from '../../src/extension/webviews/dashboard/protocol';

export interface BandRect {
  left: number;
  right: number;
  band: FaultBand;
  /** Still active (no end): drawn up to the right edge. */
  open: boolean;
}

/** Bands that overlap [min, max] (ms); an open band ends at `max`. */
export function bandsInWindow(bands: readonly FaultBand[], min: number, max: number): FaultBand[] {
  return bands.filter((b) => b.start <= max && (b.end === undefined || b.end >= min));
}

/**
 * Pixel rectangles of the bands over [min, max], clipped to [left, right]. A band shorter than
 * 2 px is widened to 2 px, so a quick inject+revert still shows.
 */
export function bandRects(bands: readonly FaultBand[], min: number, max: number, toPixel: (t: number) => number, left: number, right: number): BandRect[] {
  const out: BandRect[] = [];
  for (const band of bandsInWindow(bands, min, max)) {
    const open = band.end === undefined;
    let l = Math.max(left, toPixel(Math.max(band.start, min)));
    let r = Math.min(right, toPixel(open ? max : Math.min(band.end!, max)));
    if (r - l < 2) {
      r = Math.min(right, l + 2);
      l = Math.max(left, r - 2);
    }
    out.push({ left: l, right: r, band, open });
  }
  return out;
}
