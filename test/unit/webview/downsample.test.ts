import * as assert from 'node:assert/strict';
import { tickStepMinutes } from '../../../webview/dashboard/axis';
import { downsampleInto, lowerBound, type XY } from '../../../webview/dashboard/downsample';

describe('webview: downsampling to the canvas width', () => {
  it('lowerBound finds the first index at or after x', () => {
    const xs = [10, 20, 20, 30];
    assert.equal(lowerBound(xs, 5), 0);
    assert.equal(lowerBound(xs, 20), 1);
    assert.equal(lowerBound(xs, 25), 3);
    assert.equal(lowerBound(xs, 99), 4);
  });

  it('copies when the points fit, reusing the output objects', () => {
    const out: XY[] = [{ x: 0, y: 0 }];
    const first = out[0];
    const n = downsampleInto([1, 2, 3], [5, null, 7], 0, 3, 10, out);
    assert.equal(n, 3);
    assert.deepEqual(out, [{ x: 1, y: 5 }, { x: 2, y: null }, { x: 3, y: 7 }]);
    assert.equal(out[0], first, 'the first object was reused');
    downsampleInto([1], [1], 0, 1, 10, out);
    assert.equal(out.length, 1, 'shrinks the output');
  });

  it('caps to maxPoints and keeps every spike (min-max)', () => {
    const xs = Array.from({ length: 600 }, (_, i) => i * 3000);
    const ys: (number | null)[] = xs.map((_, i) => Math.sin(i / 20));
    ys[123] = 100; // a spike
    ys[456] = -100; // a dip
    const out: XY[] = [];
    const n = downsampleInto(xs, ys, 0, xs.length, 160, out);
    assert.ok(n <= 160, `${n} points`);
    assert.ok(n >= 100);
    assert.ok(out.some((p) => p.y === 100), 'spike kept');
    assert.ok(out.some((p) => p.y === -100), 'dip kept');
    assert.deepEqual(out[0], { x: xs[0], y: ys[0] });
    assert.deepEqual(out[n - 1], { x: xs[599], y: ys[599] });
    for (let i = 1; i < n; i++) assert.ok(out[i].x > out[i - 1].x || (out[i].x === out[i - 1].x && false), 'x ascending');
  });

  it('respects the [from, to) range and keeps gaps', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const ys: (number | null)[] = xs.map((i) => (i >= 400 && i < 600 ? null : i));
    const out: XY[] = [];
    const n = downsampleInto(xs, ys, 100, 900, 100, out);
    assert.ok(n <= 100);
    assert.equal(out[0].x, 100);
    assert.equal(out[n - 1].x, 899);
    assert.ok(out.some((p) => p.y === null), 'a gap survives');
  });

  it('tick steps fit the plot width', () => {
    assert.equal(tickStepMinutes(5, 640), 1);
    assert.equal(tickStepMinutes(30, 640), 3);
    assert.equal(tickStepMinutes(30, 320), 10);
    assert.equal(tickStepMinutes(15, 320), 3);
    assert.equal(tickStepMinutes(30, 60), 15);
    // A span narrower than the window (the data of a stack started a minute ago): one-minute ticks.
    assert.equal(tickStepMinutes(1.5, 320), 1);
    assert.equal(tickStepMinutes(600, 320), 30);
  });
});
