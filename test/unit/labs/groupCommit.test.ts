// Lab 1's API batches enqueues under load (services/api/src/groupCommit.js): plain JS, tested here.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';

const { GroupCommit } = require(path.resolve(__dirname, '../../../labs/notification-retry-storm/services/api/src/groupCommit.js'));

/** A writer whose batches finish when the test says so. */
function controlledWriter() {
  const batches: { items: number[]; finish(results?: unknown[]): void; fail(err: Error): void }[] = [];
  const write = (items: number[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      batches.push({ items, finish: (r) => resolve(r ?? items.map((i) => i * 10)), fail: reject });
    });
  return { batches, write };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('lab 1 API: group commit', () => {
  it('an idle API writes a request at once, alone', async () => {
    const w = controlledWriter();
    const gc = new GroupCommit(w.write, { maxInFlight: 2 });
    const p = gc.submit(1);
    assert.deepEqual(w.batches.map((b) => b.items), [[1]]);
    w.batches[0].finish();
    assert.equal(await p, 10);
  });

  it('requests that arrive while batches are in flight join the next batch (capped by maxBatch)', async () => {
    const w = controlledWriter();
    const gc = new GroupCommit(w.write, { maxInFlight: 1, maxBatch: 3 });
    const all = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    assert.deepEqual(w.batches.map((b) => b.items), [[1]]);
    w.batches[0].finish();
    await tick();
    assert.deepEqual(w.batches.map((b) => b.items), [[1], [2, 3, 4]]);
    w.batches[1].finish();
    await tick();
    w.batches[2].finish();
    assert.deepEqual(await Promise.all(all), [10, 20, 30, 40, 50]);
    assert.deepEqual(w.batches.map((b) => b.items), [[1], [2, 3, 4], [5]]);
  });

  it('a per-item Error fails that request only; a failed batch fails all of its requests and not the next', async () => {
    const w = controlledWriter();
    const gc = new GroupCommit(w.write, { maxInFlight: 1 });
    const first = gc.submit(1);
    const [a, b] = [gc.submit(2), gc.submit(3)];
    w.batches[0].fail(new Error('database down'));
    await assert.rejects(first, /database down/);
    await tick();
    w.batches[1].finish([new Error('conflict'), 30]);
    await assert.rejects(a, /conflict/);
    assert.equal(await b, 30);
  });
});
