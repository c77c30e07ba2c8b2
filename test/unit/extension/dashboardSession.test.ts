// The dashboard's host logic against a fake backend and clock: what it posts, and when.
import * as assert from 'node:assert/strict';
import type { LabEntry } from '../../../src/core/labs/types';
import type { HostMessage } from '../../../src/extension/webviews/dashboard/protocol';
import { entry, setup, URL } from './dashboardHarness';

describe('dashboard host: session', () => {
  let s: ReturnType<typeof setup>;
  afterEach(() => s?.session.dispose());

  it('sends init first, then the stack, faults, bands and every panel\'s window of points', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    assert.equal(s.posted[0].type, 'init');
    const init = s.posted[0] as Extract<HostMessage, { type: 'init' }>;
    assert.deepEqual(init.panels, [
      { id: 'latency', title: 'Latency', unit: 'seconds' },
      { id: 'calls', title: 'Calls', unit: 'reqps' },
    ]);
    assert.deepEqual(init.faults.map((f) => f.id), ['outage', 'kill']);
    assert.equal(init.window, 5);
    assert.deepEqual(s.of('stack'), [{ type: 'stack', running: true, services: [{ service: 'prometheus', state: 'running', health: 'healthy' }, { service: 'worker', state: 'running', health: 'none' }] }]);
    const points = s.of('points');
    assert.deepEqual(points.map((p) => [p.panelId, p.replace, p.series[0].points.length]), [
      ['latency', true, 301],
      ['calls', true, 301],
    ]);
    assert.equal(points[0].end, s.backend.ranges[0].range.end * 1000);
  });

  it('a lab with a cost model gets a live cost-rate panel, charted from its PromQL lines (issue 19)', async () => {
    const cost = { currency: 'USD', events: { title: 'orders', query: 'q_orders' }, items: [{ id: 'calls', title: 'Calls', price: 0.001, unit: 'call', source: 's', query: 'sum(increase(calls_total[$__run]))' }] };
    s = setup({ entry: { ...entry, lab: { ...entry.lab, cost } } as LabEntry });
    await s.session.handle({ type: 'ready' });
    const init = s.posted[0] as Extract<HostMessage, { type: 'init' }>;
    assert.deepEqual(init.panels.at(-1), { id: 'cost-rate', title: "Cost rate (USD per hour, at the lab's prices)", unit: 'cost-per-hour' });
    assert.ok(s.backend.ranges.some((r) => r.query === '((sum(increase(calls_total[30s]))) * 0.12 or vector(0))'), JSON.stringify(s.backend.ranges.map((r) => r.query)));
    assert.deepEqual(s.of('points').map((p) => p.panelId), ['latency', 'calls', 'cost-rate']);
  });

  it('then posts only new points, on the step grid', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    const firstEnd = s.backend.ranges[0].range.end;
    s.take();
    s.backend.ranges = [];
    s.advance(3000);
    await s.session.tick();
    assert.deepEqual(s.backend.ranges.map((r) => r.range.start), [firstEnd + 1, firstEnd + 1], 'asks from one step after the last end');
    const pts = s.of('points');
    assert.equal(pts.length, 2);
    for (const p of pts) {
      assert.equal(p.replace, undefined);
      assert.deepEqual(p.series[0].points.map(([t]) => t / 1000), [firstEnd + 1, firstEnd + 2, firstEnd + 3]);
    }
    // Nothing new yet: no points message at all.
    s.take();
    await s.session.tick();
    assert.deepEqual(s.of('points'), []);
  });

  it('replays its buffer to a webview that comes back (hidden and shown, or reloaded)', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.advance(2000);
    await s.session.tick();
    s.session.detach();
    s.take();
    s.advance(1000);
    await s.session.tick(); // a detached session posts nothing
    assert.equal(s.posted.length, 0);
    await s.session.handle({ type: 'ready' });
    const types = s.posted.map((m) => m.type);
    assert.equal(types[0], 'init');
    const replay = s.of('points').filter((p) => p.replace);
    assert.equal(replay.length, 2);
    assert.ok(replay[0].series[0].points.length >= 301, 'the whole buffered window comes back');
  });

  it('a query error shows on its own panel; the others keep going', async () => {
    s = setup();
    s.backend.answers.set('q_latency', new Error('parse error at char 3'));
    await s.session.handle({ type: 'ready' });
    assert.deepEqual(s.of('panelError'), [{ type: 'panelError', panelId: 'latency', message: 'parse error at char 3' }]);
    assert.deepEqual(s.of('points').map((p) => p.panelId), ['calls']);
    assert.deepEqual(s.of('prometheusDown'), []);
    // The same error is not posted again; recovery posts points (which clear the error).
    s.take();
    s.advance(1000);
    await s.session.tick();
    assert.deepEqual(s.of('panelError'), []);
    s.backend.answers.delete('q_latency');
    s.advance(1000);
    await s.session.tick();
    const latency = s.of('points').find((p) => p.panelId === 'latency');
    assert.ok(latency && latency.series[0].points.length >= 300, 'the recovered panel gets its whole window');
  });

  it('says "Prometheus not reachable" when every query fails and /-/ready does not answer', async () => {
    s = setup();
    for (const q of ['q_latency', 'q_calls']) s.backend.answers.set(q, new Error('ECONNREFUSED'));
    s.backend.ready = false;
    await s.session.handle({ type: 'ready' });
    assert.deepEqual(s.of('prometheusDown'), [{ type: 'prometheusDown', where: URL, message: 'ECONNREFUSED' }]);
    assert.deepEqual(s.of('panelError'), []);
    s.take();
    s.backend.answers.clear();
    s.backend.ready = true;
    s.advance(1000);
    await s.session.tick();
    assert.deepEqual(s.of('points').map((p) => p.panelId), ['latency', 'calls'], 'recovery: points for every panel');
  });

  it('says where Prometheus is missing when the stack does not publish it', async () => {
    s = setup();
    s.backend.prometheus = new Error('service "prometheus" does not publish container port 9090');
    await s.session.handle({ type: 'ready' });
    const [down] = s.of('prometheusDown');
    assert.match(down.message, /does not publish/);
  });

  it('a stopped stack: running false, no queries', async () => {
    s = setup();
    s.backend.services = [];
    await s.session.handle({ type: 'ready' });
    assert.deepEqual(s.of('stack'), [{ type: 'stack', running: false, services: [] }]);
    assert.ok(!s.backend.calls.some((c) => c.startsWith('queryRange')));
  });

  it('an unreachable engine: the stack carries the error', async () => {
    s = setup();
    s.backend.services = new Error('Docker engine not reachable at unix:///var/run/docker.sock: start Docker Desktop or set DOCKER_HOST');
    await s.session.handle({ type: 'ready' });
    assert.match(s.of('stack')[0].error ?? '', /not reachable/);
  });

  it('Restricted Mode: no Docker call at all; fault actions refuse', async () => {
    s = setup();
    s.setTrusted(false);
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    assert.deepEqual(s.backend.calls, []);
    assert.deepEqual(s.of('stack'), [{ type: 'stack', running: false, services: [], error: 'Docker is disabled in Restricted Mode' }]);
    assert.equal((s.posted[0] as { trusted?: boolean }).trusted, false);
  });

  it('inject → pending, then active with a band on every chart; revert closes the band', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.take();
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    const faults = s.of('faults');
    assert.equal(faults[0].states.find((f) => f.id === 'outage')?.pending, 'inject');
    assert.deepEqual(faults[1].states.find((f) => f.id === 'outage'), { id: 'outage', state: 'active', detail: 'outage = true' });
    const [bands] = s.of('faultBands');
    assert.deepEqual(bands.bands, [{ faultId: 'outage', title: 'Provider outage', start: 1_700_000_000_000 }]);
    assert.deepEqual(s.saved(), bands.bands, 'bands are persisted');
    s.take();
    s.advance(30_000);
    await s.session.handle({ type: 'revertFault', faultId: 'outage' });
    assert.deepEqual(s.of('faultBands').at(-1)?.bands, [{ faultId: 'outage', title: 'Provider outage', start: 1_700_000_000_000, end: 1_700_000_030_000 }]);
    assert.equal(s.of('faults').at(-1)?.states.find((f) => f.id === 'outage')?.state, 'inactive');
  });

  it('a fault that fails its verify is shown as failed, with a failed band', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.backend.inject = { verified: false, detail: 'fault kill did not become active within 5 s: worker is running (want exited)' };
    s.take();
    await s.session.handle({ type: 'injectFault', faultId: 'kill' });
    const st = s.of('faults').at(-1)?.states.find((f) => f.id === 'kill');
    assert.equal(st?.state, 'failed');
    assert.match(st?.detail ?? '', /did not become active/);
    assert.equal(s.of('faultBands').at(-1)?.bands[0].failed, true);
  });

  it('an inject that throws is failed, logged, and draws no band', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.backend.inject = new Error('inject of fault outage failed: HTTP 500');
    s.take();
    await s.session.handle({ type: 'injectFault', faultId: 'outage' });
    assert.equal(s.of('faults').at(-1)?.states.find((f) => f.id === 'outage')?.state, 'failed');
    assert.deepEqual(s.of('faultBands').at(-1)?.bands, []);
    assert.ok(s.logs.some((l) => /HTTP 500/.test(l)));
  });

  it('ignores actions on faults the lab does not define', async () => {
    s = setup();
    await s.session.handle({ type: 'injectFault', faultId: 'rm-rf' });
    assert.ok(!s.backend.calls.some((c) => c.startsWith('inject')));
  });

  it('live fault states from verify open and close bands', async () => {
    s = setup();
    s.backend.observed = [{ id: 'kill', active: true, detail: 'worker is exited' }];
    await s.session.handle({ type: 'ready' });
    assert.equal(s.of('faults').at(-1)?.states.find((f) => f.id === 'kill')?.state, 'active');
    s.backend.observed = [{ id: 'kill', active: false }];
    s.advance(5000);
    s.take();
    await s.session.tick();
    assert.equal(s.of('faultBands').at(-1)?.bands[0].end, 1_700_000_005_000);
  });

  it('a window change resets the buffer and refetches at the new step', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.take();
    s.backend.ranges = [];
    await s.session.handle({ type: 'setWindow', minutes: 30 });
    assert.deepEqual(s.backend.ranges.map((r) => [r.range.step, r.range.end - r.range.start]), [
      [3, 1800],
      [3, 1800],
    ]);
    assert.ok(s.of('points').every((p) => p.replace));
    assert.equal(s.session.currentWindow, 30);
  });

  it('start: the stack shows "starting" while breakfix.startStack runs, then polls', async () => {
    s = setup();
    s.backend.services = [];
    await s.session.handle({ type: 'ready' });
    s.take();
    await s.session.handle({ type: 'startStack' });
    assert.deepEqual(s.executed, [{ id: 'breakfix.startStack', args: ['lab'] }]);
    const stacks = s.of('stack');
    assert.equal(stacks[0].starting, true);
    assert.equal(stacks.at(-1)?.starting, undefined);
  });

  it('checks: relays progress and results, replays them, and opens only the announced report', async () => {
    s = setup();
    await s.session.handle({ type: 'ready' });
    s.session.postCheck({ type: 'checkProgress', phase: 'Load', message: '1000/10000', fraction: 0.1 });
    s.session.postCheck({ type: 'checkResults', passed: true, results: [], reportPath: '/w/.breakfix/runs/1/report.md' });
    await s.session.handle({ type: 'openReport', path: '/etc/passwd' });
    await s.session.handle({ type: 'openReport', path: '/w/.breakfix/runs/1/report.md' });
    assert.deepEqual(s.opened, ['/w/.breakfix/runs/1/report.md']);
    s.session.detach();
    s.take();
    await s.session.handle({ type: 'ready' });
    assert.equal(s.of('checkResults').length, 1, 'replayed after a reload');
  });

  it('Run Check: a command that fails or reports nothing ends in an error, never an endless spinner', async () => {
    s = setup({
      executeCommand: async () => {
        throw new Error("command 'breakfix.runCheck' not found");
      },
    });
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'runCheck' });
    assert.match(s.of('checkResults').at(-1)?.error ?? '', /not found/);
    s.session.dispose();

    s = setup();
    await s.session.handle({ type: 'ready' });
    await s.session.handle({ type: 'runCheck', mode: 'quick' });
    assert.deepEqual(s.executed.at(-1), { id: 'breakfix.runCheck', args: ['lab', { mode: 'quick' }] });
    assert.equal(s.of('checkProgress').length, 1);
    assert.match(s.of('checkResults').at(-1)?.error ?? '', /without reporting results/);
  });
});
