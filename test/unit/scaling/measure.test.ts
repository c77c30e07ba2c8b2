// The scale proof's sequence over a fake stack: each side scales, resets, sets up, loads, drains and reads
// the work done over its own run; the service is always scaled back to the lab's count.
import { strict as assert } from 'node:assert';
import { CancelledError } from '../../../src/core/runtime/types';
import { runScaling } from '../../../src/core/scaling/measure';
import { planScaling } from '../../../src/core/scaling/plan';
import { CHECK, entry, FakeIo } from './helpers';

const COMPOSE = 'services:\n  consumer:\n    image: c\n    deploy: { replicas: 1 }\n';
const plan = (over = {}) => planScaling(entry(), { ...CHECK, ...over }, COMPOSE);

describe('scaling: the measurement sequence', () => {
  it('runs 1 then 3 replicas with the same load, then scales back, and reports both throughputs', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 12_000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    const r = await runScaling(plan(), io);
    assert.deepEqual(io.calls, [
      'scale consumer=1', 'reset', 'act POST ledger:8083/admin/faults', 'load 600@200 (timeout 60000)', 'drain until 1064000', 'promql',
      'scale consumer=3', 'reset', 'act POST ledger:8083/admin/faults', 'load 600@200 (timeout 60000)', 'drain until 1083000', 'promql',
      'scale consumer=1', 'clear setup',
    ]);
    assert.deepEqual(r.scaling.sides.map((s) => [s.replicas, s.seconds, s.throughput]), [[1, 15, 40], [3, 5, 120]]);
    assert.equal(r.measured, 3);
    assert.equal(r.pass, true);
  });

  it("the setup is undone after the restore (a slow ledger must not outlive the proof); without a setup nothing is called, and a failure to undo it is a warning, not a verdict", async () => {
    const sides = { 1: { loadMs: 3000, drainMs: 12_000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } };
    const bare = new FakeIo(sides);
    await runScaling(plan({ setup: undefined }), bare);
    assert.ok(!bare.calls.includes('clear setup'), bare.calls.join(', '));
    const failing = new FakeIo(sides);
    failing.failClearSetup = new Error('connect ECONNREFUSED');
    const lines: string[] = [];
    failing.log = (l) => lines.push(l);
    const r = await runScaling(plan(), failing);
    assert.equal(r.pass, true);
    assert.deepEqual(failing.calls.slice(-2), ['scale consumer=1', 'clear setup']);
    assert.ok(lines.some((l) => /warning: could not undo .*setup: connect ECONNREFUSED/.test(l)), lines.join('\n'));
  });

  it('each side reads `processed` over its own run ($__run = load start → drain end, whole seconds), at its end', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 12_400, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    const r = await runScaling(plan(), io);
    assert.deepEqual(io.queries.map((q) => q.query), ['sum(increase(ledger_orders_booked_total[16s]))', 'sum(increase(ledger_orders_booked_total[5s]))']);
    assert.equal(io.queries[0].timeMs, Date.parse(r.scaling.sides[0].endedAt));
    assert.match(r.scaling.sides[0].source, /^sum\(increase\(ledger_orders_booked_total\[16s\]\)\) @ /);
  });

  it('a side that does not drain is measured over its timeout, not longer', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 500_000, drained: false, processed: 1200 }, 3: { loadMs: 3000, drainMs: 500_000, drained: false, processed: 1260 } });
    const r = await runScaling(plan(), io);
    assert.deepEqual(r.scaling.sides.map((s) => [s.seconds, s.drained]), [[60, false], [60, false]]);
    assert.equal(r.measured, 1.05);
    assert.equal(r.pass, false);
  });

  it('a processed query that fails is no data for that side: the check fails with the reason', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 2000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: new Error('HTTP 503') } });
    const r = await runScaling(plan(), io);
    assert.equal(r.pass, false);
    assert.equal(r.measured, null);
    assert.match(r.note!, /3 replica\(s\): the processed query failed: HTTP 503/);
  });

  it('a cancellation during the processed read is no "no data": it stops the proof, and the service is scaled back', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 2000, processed: new CancelledError('the check') }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    await assert.rejects(runScaling(plan(), io), CancelledError);
    assert.deepEqual(io.calls.slice(-2), ['promql', 'scale consumer=1'], 'no second side');
  });

  it('a failing scale-out fails the run, and the service is still scaled back', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 2000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    io.failScale = (n) => (n === 3 ? new Error('port is already allocated') : undefined);
    await assert.rejects(runScaling(plan(), io), /port is already allocated/);
    assert.equal(io.calls.at(-1), 'scale consumer=1');
  });

  it('a failing restore after a good measurement fails the run, naming the restore', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 2000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    let n = 0;
    io.failScale = () => (++n === 3 ? new Error('engine gone') : undefined);
    await assert.rejects(runScaling(plan(), io), /could not scale consumer back to 1: engine gone/);
  });

  it('a failing restore after a failure keeps the first failure and logs the second', async () => {
    const io = new FakeIo({ 1: { loadMs: 3000, drainMs: 2000, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    const lines: string[] = [];
    io.log = (l) => lines.push(l);
    io.failScale = (n) => new Error(`cannot scale to ${n}`);
    await assert.rejects(runScaling(plan(), io), /cannot scale to 1$/);
    assert.ok(lines.some((l) => /warning: could not scale consumer back to 1/.test(l)));
  });

  it('a load that runs past the side timeout fails the run', async () => {
    const io = new FakeIo({ 1: { loadMs: 70_000, drainMs: 0, processed: 600 }, 3: { loadMs: 3000, drainMs: 2000, processed: 600 } });
    await assert.rejects(runScaling(plan(), io), /ran past the side's timeout \(60s\)/);
    assert.equal(io.calls.at(-1), 'scale consumer=1');
  });
});
