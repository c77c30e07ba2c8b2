import * as assert from 'node:assert/strict';
import type { FaultBand } from '../../../src/extension/webviews/dashboard/protocol';
import { bandRects, bandsInWindow } from '../../../webview/dashboard/bands';

const band = (start: number, end?: number, failed?: boolean): FaultBand => ({ faultId: 'f', title: 'F', start, end, failed });

describe('webview: fault bands in chart space', () => {
  it('keeps bands overlapping the window, open bands included', () => {
    const bands = [band(0, 50), band(80, 120), band(150), band(300, 400)];
    assert.deepEqual(bandsInWindow(bands, 100, 200), [bands[1], bands[2]]);
    assert.deepEqual(bandsInWindow(bands, 60, 70), []);
  });

  it('maps times to pixels, clips to the plot area, and runs open bands to the right edge', () => {
    const toPixel = (t: number) => t; // 1 ms = 1 px, plot area 100..200
    const rects = bandRects([band(80, 120), band(150), band(190, 250, true)], 100, 200, toPixel, 100, 200);
    assert.deepEqual(
      rects.map((r) => [r.left, r.right, r.open, !!r.band.failed]),
      [
        [100, 120, false, false],
        [150, 200, true, false],
        [190, 200, false, true],
      ],
    );
  });

  it('widens a band shorter than 2 px so a quick inject+revert still shows', () => {
    const [r] = bandRects([band(150, 150)], 100, 200, (t) => t, 100, 200);
    assert.equal(r.right - r.left, 2);
    const [edge] = bandRects([band(200, 200)], 100, 200, (t) => t, 100, 200);
    assert.deepEqual([edge.left, edge.right], [198, 200]);
  });
});
