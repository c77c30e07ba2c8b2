// The lab kit's serve(): routes with parameters, /healthz naming the failing check, a throwing handler that
// answers 500 without taking the service down, and a malformed path that is a 400, not a crash (in process).
import { strict as assert } from 'node:assert';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kit = require(resolve(__dirname, '../../../labs/_kit/lib/http.js'));

describe('lab kit: serve()', () => {
  let server: Server;
  let base: string;
  let healthy = true;
  before(async () => {
    const log = console.log;
    console.log = () => undefined;
    server = kit.serve({
      name: 'test',
      port: 0,
      routes: {
        'GET /orders/:id': (_req: unknown, res: unknown, params: Record<string, string>) => kit.sendJson(res, 200, params),
        'POST /boom': () => { throw new Error('a bug'); },
      },
      health: { db: () => (healthy ? Promise.resolve() : Promise.reject(new Error('connection refused'))), slow: () => new Promise(() => undefined) },
    });
    await new Promise((r) => server.once('listening', r));
    console.log = log;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('routes with decoded parameters; unknown routes are a 404 naming them; a malformed encoding is a 400', async () => {
    assert.deepEqual(await (await fetch(`${base}/orders/a%20b`)).json(), { id: 'a b' });
    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'no route GET /nope' });
    const bad = await fetch(`${base}/orders/%E0%A4%A`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /malformed percent-encoding/);
  });

  it('a handler that throws gets a 500 and the service keeps answering', async () => {
    const err = console.error;
    console.error = () => undefined;
    const r = await fetch(`${base}/boom`, { method: 'POST' });
    console.error = err;
    assert.equal(r.status, 500);
    assert.equal((await fetch(`${base}/orders/1`)).status, 200);
  });

  it('/healthz runs every check within 1 s and names each failing one; /metrics answers Prometheus text', async () => {
    healthy = false;
    const t = Date.now();
    const h = await fetch(`${base}/healthz`);
    assert.ok(Date.now() - t < 2500, 'a check that never answers is cut at 1 s');
    assert.equal(h.status, 503);
    assert.deepEqual(await h.json(), { status: 'unhealthy', checks: { db: 'connection refused', slow: 'slow timed out after 1000 ms' } });
    const m = await fetch(`${base}/metrics`);
    assert.equal(m.status, 200);
    assert.match(await m.text(), /^# HELP process_cpu_user_seconds_total/m);
  });
});
