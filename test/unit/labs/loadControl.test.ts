// The load services' control API (checker-contract.md, Scenario 2), with a generator that is a timer: start
// a run, one at a time, read it, stop it, refuse bad bodies. Every lab's load service serves it with the lab
// kit's serveLoad (labs/_kit/lib/load/control.js), tested here once; each lab's load service must use it.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const labsDir = resolve(__dirname, '../../../labs');
const labs = readdirSync(labsDir).filter((d) => existsSync(join(labsDir, d, 'services/load/src/index.js')));

describe('lab load services: the control API', () => {
  it('every bundled lab has a load service, and it serves the kit\'s control API', () => {
    assert.deepEqual(labs.sort(), [
      'checkout-connection-storm', 'notification-retry-storm', 'poison-message-dlq', 'transactional-outbox', 'url-shortener-hot-keys', 'webhook-intake',
    ]);
    for (const lab of labs) {
      const src = readFileSync(join(labsDir, lab, 'services/load/src/index.js'), 'utf8');
      assert.match(src, /serveLoad\(/, `${lab}'s load service does not call the kit's serveLoad`);
      assert.equal(existsSync(join(labsDir, lab, 'services/load/src/control.js')), false, `${lab} keeps its own control.js`);
    }
  });

  for (const lab of ['the kit']) {
    describe(lab, () => {
      let server: Server;
      let base: string;
      const calls: { requests: number; rate: number }[] = [];
      before(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { serveLoad: serve } = require(join(labsDir, '_kit/lib/load/control.js')) as { serveLoad: (o: unknown) => Server };
        const generate = ({ requests, rate, signal, onSent }: { requests: number; rate: number; signal: AbortSignal; onSent: (n: number) => void }) =>
          new Promise((done) => {
            calls.push({ requests, rate });
            onSent(1);
            const t = setTimeout(() => done({ sent: requests, accepted: requests, rejected: 0, errors: 0, durationSeconds: 0.2, achievedRate: rate, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 } }), 200);
            signal.addEventListener('abort', () => {
              clearTimeout(t);
              done({ sent: 1, accepted: 1, rejected: 0, errors: 0, durationSeconds: 0.01, achievedRate: 1, latencyMs: { p50: 1, p95: 1, p99: 1, max: 1 } });
            });
          });
        const log = console.log;
        console.log = () => undefined;
        server = serve({ port: 0, generate, name: 'load' });
        await new Promise((r) => server.once('listening', r));
        console.log = log;
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(() => {
        server.closeAllConnections();
        server.close();
      });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(base + path, { method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const quiet = async <T>(f: () => Promise<T>) => {
        const [log, err] = [console.log, console.error];
        console.log = console.error = () => undefined;
        try {
          return await f();
        } finally {
          [console.log, console.error] = [log, err];
        }
      };

      it('starts a run, refuses a second one while it goes, and reports the summary once done', () =>
        quiet(async () => {
          const first = await call('POST', '/runs', { requests: 50, rate: 10 });
          assert.equal(first.status, 202);
          assert.equal(first.body.state, 'running');
          assert.deepEqual(calls.at(-1), { requests: 50, rate: 10 });
          const busy = await call('POST', '/runs', { requests: 5, rate: 5 });
          assert.equal(busy.status, 409);
          assert.match(String(busy.body.error), /still going/);
          await new Promise((r) => setTimeout(r, 400));
          const done = await call('GET', `/runs/${first.body.id}`);
          assert.equal(done.body.state, 'done');
          assert.equal((done.body.summary as { sent: number }).sent, 50);
          assert.equal((await call('GET', '/runs/latest')).body.id, first.body.id);
        }));

      it('DELETE stops a run', () =>
        quiet(async () => {
          const run = await call('POST', '/runs', { requests: 500, rate: 10 });
          const stopped = await call('DELETE', `/runs/${run.body.id}`);
          assert.equal(stopped.status, 200);
          await new Promise((r) => setTimeout(r, 50));
          assert.equal((await call('GET', `/runs/${run.body.id}`)).body.state, 'stopped');
        }));

      it('bad bodies get 400 with what is wrong; unknown runs 404', () =>
        quiet(async () => {
          for (const body of ['{', 'null', '[]', { requests: 0, rate: 1 }, { requests: 1.5, rate: 1 }, { requests: 10, rate: 1e9 }, { requests: 'x', rate: 1 }]) {
            const r = await call('POST', '/runs', body);
            assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status}`);
            assert.ok(typeof r.body.error === 'string' && r.body.error.length > 5);
          }
          assert.equal((await call('GET', '/runs/999')).status, 404);
        }));
    });
  }
});
