import { strict as assert } from 'node:assert';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateAll, evaluateCheck, evaluationRank, EvalContext, type RunReadingCheck } from '../../../src/core/checker/evaluate';
import { drainSkipReason } from '../../../src/core/checker/scenario';
import type { Check, Lab, LabEntry, ProbeCheck, ScalingCheck } from '../../../src/core/labs/types';
import type { PrometheusClient } from '../../../src/core/metrics/prometheus';

// A probe check with `before` actions and `within`: the operator's step, then the outcome polled.
describe('probe checks with before / within', () => {
  let server: Server;
  let port: number;
  let calls: string[];
  let outstanding: number;
  let redriveStatus: number;
  beforeEach(async () => {
    calls = [];
    outstanding = 3;
    redriveStatus = 200;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push(`${req.method} ${req.url} ${body}`);
        res.setHeader('content-type', 'application/json');
        if (req.url === '/redrive') {
          res.statusCode = redriveStatus;
          return res.end(JSON.stringify({ redriven: 3 }));
        }
        // Each read after a redrive sees one fewer order outstanding.
        if (calls.some((c) => c.startsWith('POST /redrive')) && outstanding > 0) outstanding--;
        res.end(JSON.stringify({ stats: { outstanding } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => server.close());

  function ctx(): EvalContext {
    const entry = { lab: { id: 'demo' } as Lab, dir: '/x', composeFile: '/x/compose.yaml', readme: '/x/README.md' } as LabEntry;
    return {
      entry,
      statuses: [{ service: 'api', containerId: 'a', state: 'running', health: 'healthy', ports: [{ container: 8080, host: port, hostIp: '127.0.0.1' }] }],
      prometheus: {} as PrometheusClient,
      run: { startMs: 0, endMs: 1 },
      periods: [],
      waitUntil: async () => undefined,
    };
  }
  const check = (extra: Partial<ProbeCheck>): ProbeCheck => ({
    id: 'redrive', title: 'Redrive', kind: 'probe', probe: { service: 'api', port: 8080, path: '/stats' }, path: 'stats.outstanding', op: '==', threshold: 0, ...extra,
  });

  it('sends the before actions in order, then polls until the comparison holds', async () => {
    const r = await evaluateCheck(check({ before: [{ service: 'api', port: 8080, path: '/redrive', method: 'POST', body: { set: { qty: 1 } } }], within: '5s' }), ctx());
    assert.equal(r.pass, true);
    assert.equal(r.measured, 0);
    assert.equal(calls[0], 'POST /redrive {"set":{"qty":1}}');
    assert.equal(calls.filter((c) => c.startsWith('GET /stats')).length, 3, 'polled until it held');
    assert.match(r.source, /^POST http:\/\/127\.0\.0\.1:\d+\/redrive; then GET http:\/\/127\.0\.0\.1:\d+\/stats → stats\.outstanding \(within 5s\)$/);
  });

  it('fails with the last measured value when `within` passes first', async () => {
    const t0 = Date.now();
    const r = await evaluateCheck(check({ within: '1s' }), ctx());
    assert.equal(r.pass, false);
    assert.equal(r.measured, 3, 'no redrive: nothing changes');
    assert.ok(Date.now() - t0 < 2500);
  });

  it('without within reads once', async () => {
    const r = await evaluateCheck(check({}), ctx());
    assert.equal(r.pass, false);
    assert.equal(calls.length, 1);
  });

  it('a before action that fails fails the check, naming it, and the probe is not read', async () => {
    redriveStatus = 500;
    const r = await evaluateCheck(check({ before: [{ service: 'api', port: 8080, path: '/redrive', method: 'POST' }], within: '5s' }), ctx());
    assert.equal(r.pass, false);
    assert.equal(r.measured, null);
    assert.match(r.note ?? '', /^before: POST http:\/\/127\.0\.0\.1:\d+\/redrive: HTTP 500/);
    assert.equal(calls.filter((c) => c.startsWith('GET')).length, 0);
  });

  it('checks with before run after every other check', () => {
    const promql: RunReadingCheck = { id: 'p', title: 'P', kind: 'promql', query: 'x', op: '<', threshold: 1 };
    const checks: RunReadingCheck[] = [check({ id: 'act', before: [{ service: 'api', port: 8080, path: '/r', method: 'POST' }] }), promql, check({ id: 'plain' })];
    assert.deepEqual([...checks].sort((a, b) => evaluationRank(a) - evaluationRank(b)).map((c) => c.id), ['plain', 'p', 'act']);
  });
});

// A scaling check reads no value of the main run: its own phase runs it (checker/scalingPhase.ts).
describe('scaling checks in the evaluation of the run', () => {
  const scaling: ScalingCheck = { id: 'scales-out', title: 'S', kind: 'scaling', service: 'worker', replicas: [1, 3], processed: 'sum(increase(x[$__run]))', timeout: '30s', op: '>=', threshold: 1.5, unit: 'ratio' };
  const windowed: Check = { id: 'w', title: 'W', kind: 'promql', query: 'sum(increase(x[$__window]))', window: { fault: 'f' }, op: '>', threshold: 0 };

  it('evaluateAll skips it (it is not read as a probe)', async () => {
    const ctx = { entry: { lab: { checks: [scaling] } }, statuses: [], run: { startMs: 0, endMs: 1 }, periods: [], waitUntil: async () => undefined } as unknown as EvalContext;
    assert.deepEqual(await evaluateAll(ctx), []);
    assert.deepEqual(await evaluateAll(ctx, ['scales-out']), []);
  });

  it('selected, it keeps the drain that a run of windowed checks alone skips', () => {
    assert.match(drainSkipReason([windowed, scaling], ['w']) ?? '', /measures its own fault window/);
    assert.equal(drainSkipReason([windowed, scaling], ['w', 'scales-out']), undefined);
    assert.equal(drainSkipReason([windowed, scaling], ['scales-out']), undefined);
  });
});
