// Issue 20 §6, host side: what the dashboard shows when the stack stops, while it starts, when a poll
// times out, and when the data have a hole.
import * as assert from 'node:assert/strict';
import type { Point } from '../../../src/extension/webviews/dashboard/protocol';
import { PanelBuffer } from '../../../src/extension/webviews/dashboard/seriesBuffer';
import { RUNNING, setup } from './dashboardHarness';

const T0 = 1_700_000_000_000;
const outageOf = (states: { id: string; state: string }[] | undefined) => states?.find((f) => f.id === 'outage');

describe('dashboard host: UI states (issue 20 §6)', () => {
  let s: ReturnType<typeof setup>;
  afterEach(() => s?.session.dispose());

  it('a stack stopped with a fault active: the fault turns inactive and its band ends at the stop, not at the next start', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    assert.equal(outageOf(s.of('faults').at(-1)?.states)?.state, 'active');
    s.take();

    // Stopped from the tree: no containers at the next poll.
    s.advance(20_000);
    s.backend.services = [];
    await s.session.tick();
    assert.equal(outageOf(s.of('faults').at(-1)?.states)?.state, 'inactive', 'no stale "active" badge (and so no Faults counter of 1)');
    const stoppedAt = T0 + 20_000;
    assert.deepEqual(s.of('faultBands').at(-1)?.bands, [{ faultId: 'outage', title: 'Provider outage', start: T0, end: stoppedAt }], 'the band no longer runs "→ now"');
    assert.deepEqual(s.saved(), [{ faultId: 'outage', title: 'Provider outage', start: T0, end: stoppedAt }], 'the closed band is persisted');

    // Started again a few minutes later, fresh: the provider has no outage.
    s.advance(180_000);
    s.backend.services = RUNNING;
    s.backend.observed = [{ id: 'outage', active: false }];
    await s.session.tick();
    assert.deepEqual(s.of('faultBands').at(-1)?.bands ?? s.saved(), [{ faultId: 'outage', title: 'Provider outage', start: T0, end: stoppedAt }], 'the band does not cover the time the stack was down');
  });

  it('a stack stopped while the dashboard was hidden: the panel reports the stop and the band ends then', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    s.session.detach();
    s.advance(10_000);
    s.session.stackStopped();
    s.advance(300_000);
    s.backend.observed = [{ id: 'outage', active: false }];
    s.take();
    await s.session.handle({ type: 'ready' });
    assert.equal(outageOf(s.of('faults').at(-1)?.states)?.state, 'inactive');
    assert.equal(s.of('faultBands').at(-1)?.bands[0].end, T0 + 10_000);
  });

  it('an unreachable engine is not a stopped stack: the fault stays as it was', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    s.backend.services = new Error('Docker engine not reachable at unix:///var/run/docker.sock');
    s.take();
    await s.session.tick();
    assert.deepEqual(s.of('faults'), []);
    assert.equal(s.saved()[0].end, undefined);
  });

  it('while the stack starts, services the lab declares but Compose has not created yet are listed (the badge counts them)', async () => {
    s = setup({ declaredServices: () => ['prometheus', 'worker', 'provider', 'api'] });
    await s.session.handle({ type: 'ready' });
    const [stack] = s.of('stack');
    assert.deepEqual(stack.services, [
      { service: 'prometheus', state: 'running', health: 'healthy' },
      { service: 'worker', state: 'running', health: 'none' },
      { service: 'provider', state: 'not created', health: 'none' },
      { service: 'api', state: 'not created', health: 'none' },
    ]);
    // A stopped stack still shows "no containers", not a list of services that do not exist.
    s.take();
    s.backend.services = [];
    await s.session.tick();
    assert.deepEqual(s.of('stack').at(-1)?.services, []);
  });

  it('a poll that runs past its timeout says so once ("no answer within 10 s", not "… (no answer within 10 s)")', async () => {
    s = setup({ tickTimeoutMs: 30 });
    // A paused Prometheus: the request hangs until the round's signal aborts it; fetch rejects with the abort reason.
    const hang = (_r: unknown, signal?: AbortSignal) =>
      new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    s.backend.answers.set('q_latency', hang);
    s.backend.answers.set('q_calls', hang);
    s.backend.ready = false;
    await s.session.handle({ type: 'ready' });
    const [down] = s.of('prometheusDown');
    assert.ok(down, 'Prometheus is reported down');
    assert.equal(down.message, 'no answer within 0.03 s');
  });

  it('a query error that is not the timeout still names the timeout that caused it', async () => {
    s = setup({ tickTimeoutMs: 30 });
    const hang = (_r: unknown, signal?: AbortSignal) =>
      new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('fetch failed')), { once: true }));
    s.backend.answers.set('q_latency', hang);
    await s.session.handle({ type: 'ready' });
    assert.deepEqual(s.of('panelError').map((e) => e.message), ['fetch failed (no answer within 0.03 s)']);
  });

  it('a hole in the data (the stack was down) reaches the webview as a gap, not as a line across it', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    const lastBefore = s.of('points')[0].series[0].points.at(-1)![0];
    s.take();
    s.backend.services = [];
    s.advance(60_000);
    await s.session.tick();
    // Back up: a new Prometheus has only what it scraped since it started.
    const restart = Math.floor((T0 + 60_000) / 1000) - 10;
    s.backend.services = RUNNING;
    s.backend.answers.set('q_latency', (r) => {
      const values: [number, number][] = [];
      for (let t = Math.max(r.start, restart); t <= r.end; t += r.step) values.push([t, 1]);
      return [{ labels: {}, values }];
    });
    await s.session.tick();
    const fresh = s.of('points').find((p) => p.panelId === 'latency')!.series[0].points;
    assert.deepEqual(fresh[0], [lastBefore + 1000, null], 'a null right after the last point before the hole');
    assert.equal(fresh[1][0], restart * 1000);
    // The replay after a reload carries the gap too.
    s.session.detach();
    s.take();
    await s.session.handle({ type: 'ready' });
    const replay = s.of('points').find((p) => p.panelId === 'latency' && p.replace)!.series[0].points;
    assert.ok(replay.some(([t, v]) => t === lastBefore + 1000 && v === null));
  });

  it('the buffer breaks a series wherever a step has no sample, and only there', () => {
    const buf = new PanelBuffer();
    const fresh = buf.merge([{ labels: {}, values: [[100, 1], [101, 2], [105, 3], [106, 4]] }], 1);
    const pts: Point[] = fresh[0].points;
    assert.deepEqual(pts, [[100_000, 1], [101_000, 2], [102_000, null], [105_000, 3], [106_000, 4]]);
    const next = buf.merge([{ labels: {}, values: [[110, 4]] }], 1);
    assert.deepEqual(next[0].points, [[107_000, null], [110_000, 4]], 'a hole between two answers is a gap too');
    const steady = buf.merge([{ labels: {}, values: [[111, 5], [112, 6]] }], 1);
    assert.deepEqual(steady[0].points, [[111_000, 5], [112_000, 6]]);
  });
});
