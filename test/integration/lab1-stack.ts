// Lab 1's real stack on a real engine, driven through the CLI exactly as a learner would: the happy path and
// the API's contract, every kind of fault (break, verify, heal), Ctrl-C during break and check. These run
// nested in lab1-session.test.ts, on the stack its `up` started from the learner's copy, before its MCP and
// loop tests (that session's `up` and `down` are this stack's: one stack for all of lab 1's CLI tests).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { FaultState } from '../../src/core/faults/verify';
import type { Fault } from '../../src/core/labs/types';
import { breakfix, cli, eventually, getJson, postJson, rawUpload, repo } from './helpers';

const LAB = 'notification-retry-storm';
const API = 'http://127.0.0.1:18080';
const PROVIDER = 'http://127.0.0.1:18081';
const PROMETHEUS = 'http://127.0.0.1:19090';
const WORKER = 'http://127.0.0.1:18082';
const LOAD = 'http://127.0.0.1:18089';

/** Declares the tests as a nested describe: call it inside the session's describe, after its `up`. */
export function stackContractTests(): void {
  describe(`on the loop's stack: the happy path, the API's contract, every fault, Ctrl-C`, function () {
    const faults = (parse(readFileSync(resolve(repo, 'labs', LAB, 'lab.yaml'), 'utf8')) as { faults: Fault[] }).faults;
    const states = (): Record<string, FaultState> => {
      const r = breakfix(['faults', LAB, '--json']);
      assert.equal(r.code, 0, r.stderr);
      return Object.fromEntries((JSON.parse(r.stdout) as FaultState[]).map((s) => [s.id, s]));
    };
    /** Runs the CLI, sends SIGINT once `pattern` shows on stdout or stderr, resolves with the exit. */
    const interruptAfter = (args: string[], pattern: RegExp) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, BREAKFIX_LABS_DIR: resolve(repo, 'labs') } });
        let stdout = '';
        let stderr = '';
        let sent = false;
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`no ${pattern} within 5 min:\n${stderr.slice(-2000)}`));
        }, 300_000);
        const watch = () => {
          if (!sent && pattern.test(stdout + stderr)) {
            sent = true;
            setTimeout(() => child.kill('SIGINT'), 500);
          }
        };
        child.stdout.on('data', (c) => ((stdout += c), watch()));
        child.stderr.on('data', (c) => ((stderr += c), watch()));
        child.on('close', (code) => {
          clearTimeout(timer);
          resolveRun({ code, stdout, stderr });
        });
      });
    const pick = (what: string, test: (f: Fault) => boolean) => {
      const f = faults.find(test);
      if (!f) throw new Error(`lab 1 defines no ${what} fault`);
      return f;
    };

    let printedLogs = false;
    afterEach(function () {
      if (this.currentTest?.state !== 'failed' || printedLogs) return;
      printedLogs = true;
      console.log(breakfix(['logs', LAB, '--tail', '30']).stdout);
    });

    it('Prometheus reports api, worker and provider targets up', async function () {
      const jobs = await eventually('all three targets up', 30_000, async () => {
        const t = await getJson(`${PROMETHEUS}/api/v1/targets`);
        const up = new Set(t.data.activeTargets.filter((x: any) => x.health === 'up').map((x: any) => x.labels.job));
        return ['api', 'worker', 'provider'].every((j) => up.has(j)) ? up : undefined;
      });
      assert.ok(jobs.has('api') && jobs.has('worker') && jobs.has('provider'));
    });

    it('a POSTed notification is persisted, enqueued and delivered to the provider', async function () {
      const before = (await getJson(`${PROVIDER}/admin/stats`)).sends;
      const res = await fetch(`${API}/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'ada@example.com', channel: 'email', body: 'Your order shipped.' }),
      });
      assert.equal(res.status, 202);
      const { id } = (await res.json()) as { id: string };
      assert.ok(id, 'the API returns the notification id');
      const delivered = await eventually('status delivered', 30_000, async () => {
        const n = await getJson(`${API}/notifications/${id}`);
        return n.status === 'delivered' ? n : undefined;
      });
      assert.equal(delivered.status, 'delivered');
      assert.equal((await getJson(`${PROVIDER}/admin/stats`)).sends, before + 1);
    });

    it('the API rejects bad input with 400 and a JSON error, and stores and enqueues nothing', async function () {
      const post = (body: string) => fetch(`${API}/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const before = await getJson(`${API}/admin/stats`);
      const cases: [string, string | undefined][] = [
        ['{not json', undefined],
        ['{"channel":"email","body":"x"}', 'to'],
        ['{"to":5,"channel":"email","body":"x"}', 'to'],
        [JSON.stringify({ to: 'a@example.com', channel: 'email', body: 'x'.repeat(64 * 1024 + 1) }), 'body'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        assert.equal(res.status, 400, body.slice(0, 60));
        const err = (await res.json()) as { error: unknown; field?: string };
        assert.equal(typeof err.error, 'string');
        if (field) assert.equal(err.field, field);
      }
      assert.equal((await getJson(`${API}/admin/stats`)).accepted, before.accepted, 'a rejected request stored nothing');
      const depth = await eventually('the worker reports queue depth', 15_000, async () => {
        const text = await (await fetch(`${WORKER}/metrics`)).text();
        const m = /^worker_queue_depth (\S+)$/m.exec(text);
        return m ? Number(m[1]) : undefined;
      });
      assert.equal(depth, 0, 'a rejected request enqueued nothing');
    });

    it('a client retry with the same idempotencyKey gets the original notification, also when both arrive at once', async function () {
      const post = (key: string) =>
        fetch(`${API}/notifications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: 'ada@example.com', channel: 'email', body: 'Your order shipped.', idempotencyKey: key }),
        }).then(async (r) => ({ code: r.status, ...((await r.json()) as { id: string; replayed?: boolean }) }));
      const first = await post('order-1');
      const again = await post('order-1');
      assert.equal(first.code, 202);
      assert.deepEqual([again.code, again.id, again.replayed], [200, first.id, true]);
      // Twenty at once (the API writes them in one or a few batches): one notification.
      const burst = await Promise.all(Array.from({ length: 20 }, () => post('order-2')));
      assert.equal(new Set(burst.map((r) => r.id)).size, 1, JSON.stringify(burst));
      assert.equal(burst.filter((r) => r.code === 202).length, 1);
    });

    // Hostile input (issue 14): every body-reading endpoint of the stack holds up, and the stack still answers.
    it('an oversized body gets 413 and a closed connection, with or without Content-Length; the services still answer', async function () {
      for (const url of [`${API}/notifications`, `${PROVIDER}/send`, `${PROVIDER}/admin/faults`, `${LOAD}/runs`]) {
        for (const chunked of [false, true]) {
          const r = await rawUpload(url, 32 * 1024 * 1024, chunked, 10_000);
          const what = `${url} ${chunked ? 'chunked' : 'Content-Length'}`;
          assert.match(r.head, /^HTTP\/1\.1 413 /, `${what}: ${r.head}`);
          assert.match(r.head, /\r\nconnection: close\r\n/i, what);
          assert.match(r.text, /"error":"request body must be at most \d+ bytes"/, what);
          assert.equal(r.closedBy, 'server', `${what}: the server keeps the connection open`);
          assert.ok(r.sent < 32 * 1024 * 1024, `${what}: the server read the whole upload`);
        }
      }
      for (const url of [API, PROVIDER, LOAD]) assert.equal((await getJson(`${url}/healthz`)).status, 'ok');
    });

    it('null, a NUL character and absurd numbers get 400 naming the field; nothing is stored', async function () {
      const before = await getJson(`${API}/admin/stats`);
      const good = { to: 'ada@example.com', channel: 'email', body: 'hi' };
      const cases: [string, unknown, string | null][] = [
        [`${API}/notifications`, 'null', null],
        [`${API}/notifications`, { ...good, body: 'a\u0000b' }, 'body'],
        [`${API}/notifications`, { ...good, idempotencyKey: 'k\u0000' }, 'idempotencyKey'],
        [`${API}/notifications`, `{"to":"a@example.com","channel":"email","body":"x","n":1e400}`, 'n'],
        [`${PROVIDER}/send`, 'null', null],
        [`${PROVIDER}/send`, { ...good, notificationId: 'n\u0000' }, 'notificationId'],
        [`${LOAD}/runs`, 'null', null],
        [`${LOAD}/runs`, { requests: 1e300, rate: 1 }, 'requests'],
        [`${LOAD}/runs`, '{"requests":1e400,"rate":1}', 'requests'],
        [`${LOAD}/runs`, { requests: 10, rate: 1.5 }, 'rate'],
      ];
      for (const [url, body, field] of cases) {
        const r = await postJson(url, body);
        assert.equal(r.status, 400, `${url} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(typeof r.body.error, 'string');
        assert.equal(r.body.field, field, `${url} ${JSON.stringify(body)}: ${r.body.error}`);
      }
      assert.equal((await getJson(`${API}/admin/stats`)).accepted, before.accepted);
    });

    it('one bad request among 50 concurrent good ones fails only itself', async function () {
      const post = (body: string) => postJson(`${API}/notifications`, { to: 'ada@example.com', channel: 'email', body });
      const all = Array.from({ length: 51 }, (_, i) => post(i === 25 ? 'bad \u0000 body' : `good ${i}`));
      const results = await Promise.all(all);
      const good = results.filter((_, i) => i !== 25);
      assert.deepEqual(good.filter((r) => r.status !== 202), [], 'every good request is accepted');
      assert.equal(results[25].status, 400, JSON.stringify(results[25]));
    });

    it('an idempotencyKey reused with a different notification gets 409; with the same one it still replays', async function () {
      const n = { to: 'ada@example.com', channel: 'email', body: 'Your code is 1', idempotencyKey: 'hostile-1' };
      const first = await postJson(`${API}/notifications`, n);
      assert.equal(first.status, 202);
      const other = await postJson(`${API}/notifications`, { ...n, body: 'Your code is 2' });
      assert.equal(other.status, 409, JSON.stringify(other.body));
      assert.equal(other.body.field, 'idempotencyKey');
      assert.match(other.body.error, /already used for a different/);
      const same = await postJson(`${API}/notifications`, n);
      assert.deepEqual([same.status, same.body.id, same.body.replayed], [200, first.body.id, true]);
    });

    it("the provider's Idempotency-Key reused with a different message gets 422, and nothing is sent", async function () {
      const msg = { to: 'ada@example.com', channel: 'email', body: 'one', notificationId: 'hostile-n1' };
      const key = { 'idempotency-key': 'hostile-key-1' };
      assert.equal((await postJson(`${PROVIDER}/send`, msg, key)).status, 202);
      // The worker still delivers the earlier tests' notifications: count sends once it is done.
      await eventually('the worker has delivered everything', 30_000, async () => ((await getJson(`${API}/admin/stats`)).pending === 0 ? true : undefined));
      const sends = (await getJson(`${PROVIDER}/admin/stats`)).sends;
      const other = await postJson(`${PROVIDER}/send`, { ...msg, body: 'two' }, key);
      assert.equal(other.status, 422, JSON.stringify(other.body));
      assert.match(other.body.error, /already used for a different/);
      const same = await postJson(`${PROVIDER}/send`, msg, key);
      assert.deepEqual([same.status, same.body.replayed], [202, true]);
      assert.equal((await getJson(`${PROVIDER}/admin/stats`)).sends, sends);
    });

    it("the provider's /admin/faults takes only its known faults: __proto__, constructor, toString get 400 and change nothing", async function () {
      const before = await getJson(`${PROVIDER}/admin/faults`);
      for (const body of ['{"__proto__": {"outage": true}}', '{"constructor": {"prototype": {"outage": true}}}', '{"toString": 1}', '{"outage": true, "bogus": 1}']) {
        const r = await postJson(`${PROVIDER}/admin/faults`, body);
        assert.equal(r.status, 400, `${body} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.match(r.body.error, /unknown fault/);
        assert.ok(Array.isArray(r.body.allowed) && r.body.allowed.includes('outage'), JSON.stringify(r.body));
      }
      assert.deepEqual(await getJson(`${PROVIDER}/admin/faults`), before);
      assert.equal((await postJson(`${PROVIDER}/admin/faults`, {})).status, 200, 'an empty patch is fine');
      assert.deepEqual(Object.keys(await getJson(`${PROVIDER}/admin/faults`)).sort(), Object.keys(before).sort());
    });

    for (const [name, test] of [
      ['http', (f: Fault) => f.kind === 'http'],
      ['container kill', (f: Fault) => f.kind === 'container' && f.action === 'kill'],
      ['container pause', (f: Fault) => f.kind === 'container' && f.action === 'pause'],
      ['network partition', (f: Fault) => f.kind === 'network'],
    ] as const) {
      it(`${name}: break verifies it, faults shows it active, heal reverts it`, function () {
        const f = pick(name, test);
        const b = breakfix(['break', LAB, f.id]);
        assert.equal(b.code, 0, b.stderr);
        assert.match(b.stdout, new RegExp(`${f.id} is active: `));
        assert.equal(states()[f.id].active, true, `${f.id} active after break`);
        const h = breakfix(['heal', LAB, f.id]);
        assert.equal(h.code, 0, h.stderr);
        const after = states();
        assert.equal(after[f.id].active, false, `${f.id} inactive after heal: ${after[f.id].detail}`);
      });
    }

    it('heal without a fault reverts several active faults at once (network before HTTP)', function () {
      const http = pick('http', (f) => f.kind === 'http');
      const net = pick('network', (f) => f.kind === 'network');
      assert.equal(breakfix(['break', LAB, http.id]).code, 0);
      assert.equal(breakfix(['break', LAB, net.id]).code, 0);
      const h = breakfix(['heal', LAB]);
      assert.equal(h.code, 0, h.stderr);
      const s = states();
      assert.deepEqual(Object.values(s).filter((x) => x.active !== false).map((x) => `${x.id}: ${x.detail}`), []);
    });

    it('break --for heals by itself', function () {
      const f = pick('container pause', (x) => x.kind === 'container' && x.action === 'pause');
      const t0 = Date.now();
      const r = breakfix(['break', LAB, f.id, '--for', '2s']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /healed\./);
      assert.ok(Date.now() - t0 >= 2000);
      assert.equal(states()[f.id].active, false);
    });

    it('Ctrl-C during `break --for` heals early', async function () {
      const f = pick('container pause', (x) => x.kind === 'container' && x.action === 'pause');
      const { code, stdout } = await interruptAfter(['break', LAB, f.id, '--for', '5m'], /Healing in/);
      assert.equal(code, 0);
      assert.match(stdout, /healed early \(Ctrl-C\)/);
      assert.equal(states()[f.id].active, false);
    });

    it('Ctrl-C during `check` reverts the injected faults and exits 130', async function () {
      const { code, stderr } = await interruptAfter(['check', LAB, '--requests', '2000', '--rate', '50', '--workspace', mkdtempSync(join(tmpdir(), 'bf-ctrl-c-'))], /inject POST/);
      assert.equal(code, 130, stderr.slice(-2000));
      assert.match(stderr, /cancelled; every fault was reverted/);
      assert.deepEqual(Object.values(states()).filter((s) => s.active !== false).map((s) => s.id), []);
    });
  });
}
