// The lab kit's hand-made open loop: pace() holds a rate and catches up after a stall, never sending fewer
// calls than are due; latencySummary() is the load summary's latencyMs, the same for every lab.
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pace, latencySummary } = require(resolve(__dirname, '../../../labs/_kit/lib/load/pace.js'));

describe('lab kit: pace() and latencySummary()', () => {
  it('makes exactly `count` calls, numbered from 1, at the rate (200/s: 40 calls in about 0.2 s)', async () => {
    const seen: number[] = [];
    const t0 = performance.now();
    const n = await pace({ rate: 200, count: 40, signal: new AbortController().signal, fire: (i: number) => seen.push(i) });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(n, 40);
    assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i + 1));
    assert.ok(seconds >= 0.18, `40 calls at 200/s took ${seconds.toFixed(3)} s: faster than the rate`);
  });

  it('catches up after the event loop stalls, and stops when the signal aborts', async () => {
    const ac = new AbortController();
    let calls = 0;
    const done = pace({ rate: 1000, signal: ac.signal, fire: () => calls++ });
    const t0 = performance.now();
    while (performance.now() - t0 < 100) { /* a stall: no tick can run */ }
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(calls >= 100, `after a 100 ms stall at 1000/s, ${calls} calls: the ones due were not all sent`);
    ac.abort();
    const n = await done;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(calls, n, 'no call after the abort');
  });

  it('latencySummary: p50, p95, p99 and max of unsorted latencies, to 0.01 ms; nulls when there are none', () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i + 0.004); // 100.004 .. 1.004, reversed
    assert.deepEqual(latencySummary(ms), { p50: 50, p95: 95, p99: 99, max: 100 });
    assert.deepEqual(latencySummary(new Float64Array([3, 1, 2])), { p50: 2, p95: 3, p99: 3, max: 3 });
    assert.deepEqual(latencySummary([]), { p50: null, p95: null, p99: null, max: null });
    assert.deepEqual(ms[0], 100.004, 'the input is left as it was');
  });
});
