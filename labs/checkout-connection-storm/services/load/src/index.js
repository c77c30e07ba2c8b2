'use strict';
// The lab's load: shoppers paying for their carts, the way a storefront calls the checkout API. A run (the
// kit's serveLoad control API on PORT) places `requests` orders at `rate` per second, open loop, spread
// round-robin over the checkout instances. Each order is one shopper, who tries up to 3 times:
//   - waits at most 2 s for an answer (TIMEOUT_MS), then gives up on that attempt and tries again at once;
//   - after a 503 waits what Retry-After says (at most 5 s), or 250 ms without one; 250 ms after a 5xx;
//   - an instance that does not take the connection (killed, restarting) is skipped at once.
// The same order (same orderId) every time: a retry of an order that was charged after all is a double
// charge unless something recognises it.
//
// Port FAULTS_PORT is the lab's own:
//   GET/POST/DELETE /admin/faults {spike, report}
//     spike: N   shoppers arrive N times as fast as the run's rate (the extra ones on top of the run)
//     report: true   the stock-take report: one transaction locks the inventory against writes (LOCK
//                    TABLE ... IN SHARE MODE) and holds the lock until {report: false}
//   GET /admin/stats   what the shoppers got, and the most connections the shop held in Postgres
//   GET /admin/orders  the orders a shopper was told are paid, and how many of them the orders table
//                      does not hold with a charge (unrecorded)
//   POST /admin/reset  zeroes the stats, empties the orders table, ends the faults
// The connection watch reads pg_stat_activity every 100 ms (as a superuser: the reserved slots).
const http = require('node:http');
const { client, counter, integerField, latencySummary, pace, postgres, readJson, sendJson, sendProblem, serve, serveLoad, sleep, unknownKeys } = require('@breakfix/lab-kit');

const TARGETS = (process.env.TARGETS || 'http://checkout-1:8080,http://checkout-2:8080,http://checkout-3:8080').split(',').map((u) => new URL(u));
const TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 300;
const ATTEMPTS = 3;
const SKUS = 500;
const WATCH_MS = 100;

const ANSWERS = ['charged', 'shed', 'shed_without_retry_after', 'error', 'timeout', 'unreachable', 'dropped', 'refused'];
/** Answers that break the promise "a checkout is charged, or refused fast with 503 and Retry-After". */
const BAD = ['shed_without_retry_after', 'error', 'timeout'];
const attemptsTotal = counter('load_attempts_total', 'Checkout attempts, by answer: charged (2xx), shed (503 with Retry-After), shed_without_retry_after, error (other 5xx), timeout (no answer within 2 s), unreachable (instance down), dropped (connection lost mid-request), refused (4xx)',
  ['answer'], ANSWERS.map((answer) => ({ answer })));
const attemptSeconds = new client.Histogram({
  name: 'load_attempt_duration_seconds',
  help: 'Time from sending a checkout attempt to its answer, as the shopper sees it, by answer',
  labelNames: ['answer'],
  buckets: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.25, 1.5, 1.75, 2, 2.5, 3],
});
ANSWERS.forEach((answer) => attemptSeconds.zero({ answer }));
const ordersTotal = counter('load_orders_total', 'Orders finished, by result: charged, or gave_up after every attempt', ['result'], [{ result: 'charged' }, { result: 'gave_up' }]);
const ordersInFlight = new client.Gauge({ name: 'load_orders_in_flight', help: 'Orders a shopper is still trying to pay for' });
const serverConnections = new client.Gauge({ name: 'db_server_connections', help: "The shop's connections in Postgres (pg_stat_activity, user shop), by state", labelNames: ['state'] });
const serverConnectionsMax = new client.Gauge({ name: 'db_server_connections_max', help: "The most connections the shop held in Postgres at once since the last reset (sampled every 100 ms)" });
const lockWaits = new client.Gauge({ name: 'db_lock_waits', help: 'Postgres sessions waiting for a lock right now' });
const STATES = ['active', 'idle', 'idle in transaction', 'other'];
STATES.forEach((state) => serverConnections.set({ state }, 0));

// ---- one shopper ----------------------------------------------------------------------------------------
let next = 0;
const stats = { attempts: Object.fromEntries(ANSWERS.map((a) => [a, 0])), orders: { charged: 0, gaveUp: 0 }, maxServerConnections: 0 };

/** One attempt at one instance: resolves {answer, ms, retryAfter}, never rejects. */
function attempt(order) {
  const target = TARGETS[next++ % TARGETS.length];
  const body = JSON.stringify(order);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let sent = false;
    const finish = (answer, retryAfter = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      const ms = performance.now() - started;
      attemptsTotal.inc({ answer });
      attemptSeconds.observe({ answer }, ms / 1000);
      stats.attempts[answer]++;
      resolve({ answer, ms, retryAfter });
    };
    const req = http.request({
      host: target.hostname, port: target.port, path: '/checkout', method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        const s = res.statusCode;
        const ra = res.headers['retry-after'];
        const seconds = ra !== undefined && /^\d+(\.\d+)?$/.test(ra.trim()) ? Number(ra) : null;
        if (s >= 200 && s < 300) finish('charged');
        else if (s === 503) finish(seconds === null ? 'shed_without_retry_after' : 'shed', seconds);
        else if (s >= 500) finish('error');
        else finish('refused');
      });
      res.on('error', () => finish('dropped'));
    });
    // An instance that is down does not take the connection: that is the load balancer's problem, not a
    // slow answer. Once connected, the shopper waits TIMEOUT_MS from the start for the answer.
    const connectTimer = setTimeout(() => { if (!sent) req.destroy(new Error('connect timeout')); }, CONNECT_TIMEOUT_MS);
    const answerTimer = setTimeout(() => { finish('timeout'); req.destroy(); }, TIMEOUT_MS);
    req.on('socket', (socket) => socket.once('connect', () => { sent = true; }));
    req.on('error', () => finish(sent ? 'dropped' : 'unreachable'));
    req.end(body);
  });
}

/** A shopper paying for one order: up to ATTEMPTS attempts. Resolves {charged, answered, ms}. */
let openOrders = 0;
let paid = new Set(); // orders a shopper was told are paid, since the last reset
async function shopper(order) {
  ordersInFlight.set(++openOrders);
  const started = performance.now();
  let last;
  try {
    for (let i = 1; i <= ATTEMPTS; i++) {
      last = await attempt(order);
      if (last.answer === 'charged' || last.answer === 'refused') break;
      if (i === ATTEMPTS) break;
      if (last.answer === 'shed') await sleep(Math.min(5, last.retryAfter) * 1000);
      else if (last.answer === 'shed_without_retry_after' || last.answer === 'error') await sleep(250);
    }
  } finally {
    ordersInFlight.set(--openOrders);
  }
  const charged = last.answer === 'charged';
  ordersTotal.inc({ result: charged ? 'charged' : 'gave_up' });
  if (charged) paid.add(order.orderId);
  if (charged) stats.orders.charged++;
  else stats.orders.gaveUp++;
  return { charged, answered: !['timeout', 'unreachable', 'dropped'].includes(last.answer), ms: performance.now() - started };
}

let orderSeq = 0;
const runTag = Date.now().toString(36);
const newOrder = () => {
  const qty = 1 + Math.floor(Math.random() * 3);
  return { orderId: `ord-${runTag}-${++orderSeq}`, sku: `sku-${1 + Math.floor(Math.random() * SKUS)}`, qty, amountCents: qty * (500 + Math.floor(Math.random() * 9500)) };
};

let runRate = 12; // the spike multiplies the rate of the run going on (or of the last one)
async function run({ requests, rate, signal, onSent }) {
  runRate = rate;
  const orders = [];
  const started = performance.now();
  await pace({ rate, count: requests, signal, fire: (n) => { orders.push(shopper(newOrder())); onSent(n); } });
  const results = await Promise.all(orders);
  const seconds = (performance.now() - started) / 1000;
  const accepted = results.filter((r) => r.charged).length;
  const errors = results.filter((r) => !r.charged && !r.answered).length;
  return {
    sent: results.length,
    accepted,
    rejected: results.length - accepted - errors,
    errors,
    durationSeconds: Math.round(seconds * 1000) / 1000,
    achievedRate: Math.round((results.length / seconds) * 100) / 100,
    latencyMs: latencySummary(results.map((r) => r.ms)),
    attempts: { ...stats.attempts },
  };
}

serveLoad({ port: Number(process.env.PORT || 8089), name: 'load', generate: run });

// ---- the connection watch ----------------------------------------------------------------------------
const db = postgres('load', process.env.DATABASE_URL, { max: 1, query_timeout: 1000 });
async function watch() {
  try {
    const { rows } = await db.query(`SELECT count(*) FILTER (WHERE usename = 'shop')::int AS shop,
        count(*) FILTER (WHERE usename = 'shop' AND state = 'active')::int AS active,
        count(*) FILTER (WHERE usename = 'shop' AND state = 'idle')::int AS idle,
        count(*) FILTER (WHERE usename = 'shop' AND state = 'idle in transaction')::int AS idle_in_transaction,
        count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock_waits
      FROM pg_stat_activity WHERE backend_type = 'client backend'`);
    const r = rows[0];
    serverConnections.set({ state: 'active' }, r.active);
    serverConnections.set({ state: 'idle' }, r.idle);
    serverConnections.set({ state: 'idle in transaction' }, r.idle_in_transaction);
    serverConnections.set({ state: 'other' }, r.shop - r.active - r.idle - r.idle_in_transaction);
    lockWaits.set(r.lock_waits);
    if (r.shop > stats.maxServerConnections) {
      stats.maxServerConnections = r.shop;
      serverConnectionsMax.set(r.shop);
    }
  } catch (err) {
    console.error('[load] connection watch:', err.message);
  }
  setTimeout(watch, WATCH_MS);
}
watch();

// ---- the faults: a traffic spike, the stock-take report ------------------------------------------------
const faults = { spike: 1, report: false };
let spikeStop = null;
function setSpike(n) {
  spikeStop?.abort();
  spikeStop = null;
  faults.spike = n;
  if (n > 1) {
    spikeStop = new AbortController();
    pace({ rate: (n - 1) * runRate, signal: spikeStop.signal, fire: () => { shopper(newOrder()); } });
  }
}

let report = null; // the report's own connection while it holds its locks
async function setReport(on) {
  if (on && !report) {
    report = postgres('report', process.env.DATABASE_URL, { max: 1, query_timeout: 0 });
    const c = await report.connect();
    report.client = c;
    await c.query('BEGIN');
    // A consistent count: no stock may change until the report commits. SHARE mode lets readers in and
    // makes every writer (a checkout's UPDATE) wait; it is granted once the writers already in have
    // committed, and the writers who come after queue behind it.
    await c.query('LOCK TABLE inventory IN SHARE MODE');
    await c.query('SELECT count(*), sum(stock) FROM inventory');
    faults.report = true;
  } else if (!on && report) {
    const r = report;
    report = null;
    faults.report = false;
    await r.client.query('COMMIT').catch((err) => console.error('[load] report commit:', err.message));
    r.client.release();
    await r.end();
  }
}

async function postFaults(req, res) {
  const { value, problem } = await readJson(req, res, { limit: 1024 });
  if (problem) return sendProblem(res, problem);
  const bad = unknownKeys(value, ['spike', 'report']) || integerField(value, 'spike', { min: 1, max: 20, required: false })
    || (value.report !== undefined && typeof value.report !== 'boolean' ? { status: 400, error: '"report" must be true or false', field: 'report' } : null);
  if (bad) return sendProblem(res, bad);
  if (value.spike !== undefined) setSpike(value.spike);
  if (value.report !== undefined) await setReport(value.report);
  sendJson(res, 200, faults);
}

async function clearFaults() {
  setSpike(1);
  await setReport(false);
}

serve({
  name: 'load-admin',
  port: Number(process.env.FAULTS_PORT || 8088),
  routes: {
    'GET /admin/faults': (req, res) => sendJson(res, 200, faults),
    'POST /admin/faults': postFaults,
    'DELETE /admin/faults': async (req, res) => {
      await clearFaults();
      sendJson(res, 200, faults);
    },
    'GET /admin/stats': (req, res) => sendJson(res, 200, {
      ...stats,
      badAnswers: BAD.reduce((sum, a) => sum + stats.attempts[a], 0),
      ordersInFlight: openOrders,
    }),
    // A 2xx promises an order with its charge: count the promises the orders table does not keep.
    'GET /admin/orders': async (req, res) => {
      const ids = [...paid];
      const { rows } = await db.query('SELECT count(*)::int AS n FROM orders WHERE order_id = ANY($1::text[]) AND charge_id IS NOT NULL', [ids]);
      sendJson(res, 200, { paid: ids.length, recorded: rows[0].n, unrecorded: ids.length - rows[0].n });
    },
    'POST /admin/reset': async (req, res) => {
      await clearFaults();
      for (const a of ANSWERS) stats.attempts[a] = 0;
      Object.assign(stats.orders, { charged: 0, gaveUp: 0 });
      stats.maxServerConnections = 0;
      paid = new Set();
      serverConnectionsMax.set(0);
      await db.query('TRUNCATE orders');
      sendJson(res, 200, { reset: true });
    },
  },
  health: { db: () => db.query('SELECT 1') },
});
