// Hostile input against the real stacks of labs 2 and 3 (issue 14; lab 1's cases live in
// lab1-stack.ts, which runs on the session's stack): every public endpoint that reads a body answers
// an oversized upload with 413 and a closed connection, and null, NUL characters, absurd numbers and a
// reused idempotency key with a clear 4xx naming the field, and the service still answers afterwards.
// No stack of their own: integrity.test.ts nests these tests in its describe of each lab, where they run on
// the stack its check left up (after its own tests, before its `down`). That stack is the lab's own code: a
// check assembles it from the bundled lab, the learner's files from the copy, which holds the baseline there
// (the tampered files are none of them). The tests need a fresh stack's state (no order accepted, nothing
// booked), so the stack is first reset as a check starts: the lab's scenario.reset.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/checker/types';
import { resetStack } from '../../src/core/checker/stackPhases';
import { listLabFiles } from '../../src/core/labs/learnerFiles';
import type { LabEntry } from '../../src/core/labs/types';
import { connectEngine, detectCompose } from '../../src/core/runtime';
import { breakfix, getJson, postJson, rawUpload } from './helpers';

const UPLOAD = 32 * 1024 * 1024; // far over every limit (64 KB, 16 KB for the load services)

/** What the enclosing integrity describe has once its check ran: the lab, the workspace and the check's report. */
export interface CheckedLab {
  entry: LabEntry;
  ws: string;
  report: RunReport;
}

/**
 * Before the enclosing describe's tests: the stack the check left up runs the lab's own files (the check's
 * folder holds every file of the bundled lab as it is, and no setting of the learner's), and it is reset the
 * way a check starts. The reset runs twice: its HTTP actions come before the restart of the lab's workers, so a
 * worker of the check's run (the baseline's may still be busy: a drain can time out) could book into a ledger
 * the first pass had just emptied; the second pass, with the restarted workers idle, empties it again (no
 * second restart: they were just started).
 */
function onTheCheckedStack(lab: () => CheckedLab) {
  let printedLogs = false;
  before(async function () {
    const { entry, ws, report } = lab();
    const differs = listLabFiles(entry.dir).filter((rel) => !readFileSync(join(report.stackDir, rel)).equals(readFileSync(join(entry.dir, rel))));
    assert.deepEqual(differs, [], `the check's stack (${report.stackDir}) runs the lab's own files`);
    assert.deepEqual(report.learnerSettings ?? [], [], 'no setting of the learner\'s compose.yaml was taken');
    const dirs = spawnSync('docker', ['ps', '--filter', `label=com.docker.compose.project=breakfix-${entry.lab.id}`, '--format', '{{.Label "com.docker.compose.project.working_dir"}}'], { encoding: 'utf8' }).stdout;
    assert.deepEqual([...new Set(dirs.split('\n').filter(Boolean))], [report.stackDir], 'the stack the check left up runs');
    const [docker, compose] = await Promise.all([connectEngine(), detectCompose()]);
    const log = () => undefined;
    const stack = { entry, dir: report.stackDir, overrides: [], workspaceDir: ws, docker, compose, env: process.env, log, signal: new AbortController().signal };
    const since = Date.now();
    await resetStack(stack, since);
    await resetStack(stack, since);
    console.log(`        reset as a check starts (scenario.reset, twice): ${((Date.now() - since) / 1000).toFixed(1)} s`);
  });
  afterEach(function () {
    if (this.currentTest?.state !== 'failed' || printedLogs) return;
    printedLogs = true;
    console.log(breakfix(['logs', lab().entry.lab.id, '--tail', '30']).stdout);
  });
}

/** An oversized upload, with Content-Length and chunked, gets 413 and the server closes the connection. */
async function assertOversizedRefused(url: string) {
  for (const chunked of [false, true]) {
    const r = await rawUpload(url, UPLOAD, chunked, 10_000);
    const what = `${url} ${chunked ? 'chunked' : 'Content-Length'}`;
    assert.match(r.head, /^HTTP\/1\.1 413 /, `${what}: ${r.head}`);
    assert.match(r.head, /\r\nconnection: close\r\n/i, what);
    assert.match(r.text, /"error":"request body must be at most \d+ bytes"/, what);
    assert.equal(r.closedBy, 'server', `${what}: the server keeps the connection open`);
    assert.ok(r.sent < UPLOAD, `${what}: the server read the whole upload`);
  }
}

/** Each [url, body, status, field]: the answer has that status and names that field (null: the body). */
async function assertRejected(cases: [string, unknown, number, string | null][]) {
  for (const [url, body, status, field] of cases) {
    const r = await postJson(url, body);
    const what = `${url} ${typeof body === 'string' ? body : JSON.stringify(body)}`;
    assert.equal(r.status, status, `${what} → ${r.status} ${JSON.stringify(r.body)}`);
    assert.equal(typeof r.body.error, 'string', what);
    assert.equal(r.body.field, field, `${what}: ${r.body.error}`);
  }
}

function poisonMessageDlq(lab: () => CheckedLab) {
  describe('hostile input: lab poison-message-dlq (on the stack the check left up)', function () {
    const API = 'http://127.0.0.1:38080';
    const LEDGER = 'http://127.0.0.1:38083';
    const LOAD = 'http://127.0.0.1:38089';
    onTheCheckedStack(lab);

    it('an oversized body gets 413 and a closed connection (API, ledger, load); they still answer', async function () {
      for (const url of [`${API}/orders`, `${API}/admin/dlq/redrive`, `${LEDGER}/apply`, `${LOAD}/runs`]) await assertOversizedRefused(url);
      for (const url of [API, LEDGER, LOAD]) assert.equal((await getJson(`${url}/healthz`)).status, 'ok');
    });

    it('null, NUL characters and absurd numbers get 400 (API) or 422 (ledger) naming the field; nothing is accepted', async function () {
      const order = { sku: 'SKU-1', qty: 2, amountCents: 398 };
      const apply = { orderId: 'hostile-1', ...order };
      await assertRejected([
        [`${API}/orders`, 'null', 400, null],
        [`${API}/orders`, '[]', 400, null],
        [`${API}/orders`, { ...order, sku: 'SKU\u0000' }, 400, 'sku'],
        [`${API}/orders`, { ...order, qty: 1e300 }, 400, 'qty'],
        [`${API}/orders`, '{"sku":"SKU-1","qty":1e400,"amountCents":1}', 400, 'qty'],
        [`${API}/orders`, { ...order, amountCents: 3.5 }, 400, 'amountCents'],
        [`${API}/orders`, { ...order, amountCents: 2 ** 53 }, 400, 'amountCents'],
        [`${API}/orders`, { sku: 'SKU-1', qty: 2 }, 400, 'amountCents'],
        [`${API}/admin/dlq/redrive`, { set: { qty: 1e300 } }, 400, 'set.qty'],
        [`${API}/admin/dlq/redrive`, '{"set":{"__proto__":{"qty":1}}}', 400, 'set.__proto__'],
        [`${LEDGER}/apply`, 'null', 400, null],
        [`${LEDGER}/apply`, { ...apply, orderId: 'o\u0000' }, 400, 'orderId'],
        [`${LEDGER}/apply`, { ...apply, qty: 1e300 }, 422, 'qty'],
        [`${LEDGER}/apply`, { ...apply, amountCents: 0.5 }, 422, 'amountCents'],
        [`${LOAD}/runs`, 'null', 400, null],
        [`${LOAD}/runs`, { requests: 1e300, rate: 1 }, 400, 'requests'],
      ]);
      const stats = await getJson(`${API}/admin/stats`);
      assert.equal(stats.accepted, 0, 'a rejected order was accepted');
      assert.equal((await getJson(`${LEDGER}/admin/stats`)).booked, 0, 'a rejected order was booked');
    });

    it("the ledger's Idempotency-Key reused for a different order gets 422; for the same one it still replays", async function () {
      const key = { 'idempotency-key': 'order-hostile-2' };
      const order = { orderId: 'hostile-2', sku: 'SKU-1', qty: 2, amountCents: 398 };
      const first = await postJson(`${LEDGER}/apply`, order, key);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const other = await postJson(`${LEDGER}/apply`, { ...order, qty: 3 }, key);
      assert.equal(other.status, 422, JSON.stringify(other.body));
      assert.match(other.body.error, /already used for a different/);
      const same = await postJson(`${LEDGER}/apply`, order, key);
      assert.deepEqual([same.status, same.body.entryId, same.body.replay], [200, first.body.entryId, true]);
      assert.equal((await getJson(`${LEDGER}/admin/stats`)).booked, 1);
    });

    it('/admin/faults of the API and the ledger take only their known keys, and change nothing otherwise', async function () {
      for (const url of [`${API}/admin/faults`, `${LEDGER}/admin/faults`]) {
        const before = await getJson(url);
        for (const body of ['{"__proto__":{"poisonRate":1}}', '{"constructor":1}', '{"toString":1}']) {
          const r = await postJson(url, body);
          assert.equal(r.status, 400, `${url} ${body} → ${r.status} ${JSON.stringify(r.body)}`);
          assert.ok(Array.isArray(r.body.allowed), JSON.stringify(r.body));
        }
        assert.deepEqual(await getJson(url), before);
      }
    });
  });
}

function transactionalOutbox(lab: () => CheckedLab) {
  describe('hostile input: lab transactional-outbox (on the stack the check left up)', function () {
    const ORDERS = 'http://127.0.0.1:28080';
    const LOAD = 'http://127.0.0.1:28089';
    onTheCheckedStack(lab);
    const order = (id: string) => ({ id, customer: 'ada@example.com', sku: 'teapot', qty: 2 });

    it('an oversized body gets 413 and a closed connection (orders, load); they still answer', async function () {
      for (const url of [`${ORDERS}/orders`, `${ORDERS}/admin/faults`, `${LOAD}/runs`]) await assertOversizedRefused(url);
      for (const url of [ORDERS, LOAD]) assert.equal((await getJson(`${url}/healthz`)).status, 'ok');
    });

    it('null, NUL characters and absurd numbers get 400 naming the field; nothing is placed', async function () {
      const id = '0b0e4c1e-8d1f-4a57-9b8a-0d2b6f1c9e11';
      await assertRejected([
        [`${ORDERS}/orders`, 'null', 400, null],
        [`${ORDERS}/orders`, '"order"', 400, null],
        [`${ORDERS}/orders`, { ...order(id), customer: 'ada\u0000' }, 400, 'customer'],
        [`${ORDERS}/orders`, { ...order(id), qty: 1e300 }, 400, 'qty'],
        [`${ORDERS}/orders`, { ...order(id), qty: 1.5 }, 400, 'qty'],
        [`${ORDERS}/orders`, `{"id":"${id}","customer":"a","sku":"teapot","qty":1e400}`, 400, 'qty'],
        [`${ORDERS}/admin/faults`, { commitFailRate: 0.1, bogus: 1 }, 400, 'bogus'],
        [`${ORDERS}/admin/faults`, '{"__proto__":{"commitFailRate":1}}', 400, '__proto__'],
        [`${LOAD}/runs`, '{"requests":1e400,"rate":1}', 400, 'requests'],
      ]);
      assert.equal((await getJson(`${ORDERS}/admin/audit`)).orders, 0, 'a rejected order was placed');
      assert.equal((await getJson(`${ORDERS}/admin/faults`)).commitFailRate, 0);
    });

    it('an order id reused for a different order gets 409; for the same order it still replays', async function () {
      const id = '1b0e4c1e-8d1f-4a57-9b8a-0d2b6f1c9e12';
      assert.equal((await postJson(`${ORDERS}/orders`, order(id))).status, 201);
      const other = await postJson(`${ORDERS}/orders`, { ...order(id), qty: 3 });
      assert.equal(other.status, 409, JSON.stringify(other.body));
      assert.equal(other.body.field, 'id');
      const same = await postJson(`${ORDERS}/orders`, order(id));
      assert.deepEqual([same.status, same.body.replayed], [200, true]);
      // Two identical first requests at once: one places the order, the other replays it.
      const id2 = '2b0e4c1e-8d1f-4a57-9b8a-0d2b6f1c9e13';
      const both = await Promise.all([postJson(`${ORDERS}/orders`, order(id2)), postJson(`${ORDERS}/orders`, order(id2))]);
      assert.deepEqual(both.map((r) => r.status).sort(), [200, 201], JSON.stringify(both));
      assert.equal((await getJson(`${ORDERS}/admin/audit`)).orders, 2);
    });
  });
}

/** The hostile-input tests of each lab that has them, to nest in the integrity suite's describe of that lab. */
export const HOSTILE_INPUT: Record<string, (lab: () => CheckedLab) => void> = {
  'poison-message-dlq': poisonMessageDlq,
  'transactional-outbox': transactionalOutbox,
};
