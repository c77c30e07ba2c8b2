// Fault bands and states: every active or past fault is a band; a failed verify is "failed".
import * as assert from 'node:assert/strict';
import { FaultTimeline } from '../../../src/extension/webviews/dashboard/faultTimeline';

const FAULTS = [
  { id: 'outage', title: 'Provider outage' },
  { id: 'kill', title: 'Kill the worker' },
];
const state = (t: FaultTimeline, id: string) => t.states().find((s) => s.id === id);

describe('dashboard host: fault timeline', () => {
  it('inject + verify opens an active band; revert closes it', () => {
    const t = new FaultTimeline(FAULTS);
    assert.equal(state(t, 'outage')?.state, 'inactive');
    t.injected('outage', 1000, true, 'outage = true');
    assert.equal(state(t, 'outage')?.state, 'active');
    assert.deepEqual(t.bands(), [{ faultId: 'outage', title: 'Provider outage', start: 1000 }]);
    t.reverted('outage', 5000);
    assert.equal(state(t, 'outage')?.state, 'inactive');
    assert.deepEqual(t.bands(), [{ faultId: 'outage', title: 'Provider outage', start: 1000, end: 5000 }]);
  });

  it('a fault whose verify fails is failed, not active, and its band says so', () => {
    const t = new FaultTimeline(FAULTS);
    t.injected('kill', 1000, false, 'worker is running (want exited)');
    assert.deepEqual(state(t, 'kill'), { id: 'kill', state: 'failed', detail: 'worker is running (want exited)' });
    assert.equal(t.bands()[0].failed, true);
    // Verify still false: stays failed (a failed band is not closed by "inactive").
    t.observe([{ id: 'kill', active: false }], 2000);
    assert.equal(state(t, 'kill')?.state, 'failed');
    // Verify holds later: it became active after all.
    t.observe([{ id: 'kill', active: true, detail: 'worker is exited' }], 3000);
    assert.equal(state(t, 'kill')?.state, 'active');
    assert.equal(t.bands()[0].failed, undefined);
    assert.equal(t.bands().length, 1);
  });

  it('an inject call that throws is failed without a band', () => {
    const t = new FaultTimeline(FAULTS);
    t.injectFailed('outage', 'HTTP 500');
    assert.deepEqual(state(t, 'outage'), { id: 'outage', state: 'failed', detail: 'HTTP 500' });
    assert.deepEqual(t.bands(), []);
    t.reverted('outage', 10);
    assert.equal(state(t, 'outage')?.state, 'inactive');
  });

  it('observing verify: a fault injected elsewhere opens a band, an ended one closes', () => {
    const t = new FaultTimeline(FAULTS);
    assert.equal(t.observe([{ id: 'outage', active: true }], 1000), true);
    assert.equal(state(t, 'outage')?.state, 'active');
    assert.equal(t.observe([{ id: 'outage', active: true }], 2000), false, 'no change, no update');
    assert.equal(t.observe([{ id: 'outage', active: null, detail: 'probe failed' }], 3000), true, 'detail changed');
    assert.equal(state(t, 'outage')?.state, 'active', 'unknown keeps the state');
    t.observe([{ id: 'outage', active: false }], 4000);
    assert.deepEqual(t.bands(), [{ faultId: 'outage', title: 'Provider outage', start: 1000, end: 4000 }]);
    t.observe([{ id: 'outage', active: true }], 6000);
    assert.equal(t.bands().length, 2, 'a second injection is a second band');
  });

  it('pending faults are left to their action; unknown faults are ignored', () => {
    const t = new FaultTimeline(FAULTS);
    t.setPending('outage', 'inject');
    t.observe([{ id: 'outage', active: true }, { id: 'nope', active: true }], 1000);
    assert.deepEqual(t.bands(), []);
    assert.equal(state(t, 'outage')?.pending, 'inject');
    t.setPending('outage', undefined);
    assert.equal(state(t, 'outage')?.pending, undefined);
  });

  it('prunes bands that ended long ago, keeps open ones; restores saved bands of known faults', () => {
    const t = new FaultTimeline(FAULTS, [
      { faultId: 'outage', title: 'old title', start: 0, end: 10 },
      { faultId: 'outage', title: 'x', start: 100 },
      { faultId: 'outage', title: 'x', start: 200 }, // a second open band of one fault: dropped
      { faultId: 'gone', title: 'Removed from lab.yaml', start: 0 },
    ]);
    assert.deepEqual(
      t.bands().map((b) => [b.start, b.end, b.title]),
      [
        [0, 10, 'Provider outage'],
        [100, undefined, 'Provider outage'],
      ],
    );
    assert.equal(t.prune(50), true);
    assert.deepEqual(t.bands().map((b) => b.start), [100]);
    assert.equal(t.prune(1e12), false, 'open bands stay');
  });
});
