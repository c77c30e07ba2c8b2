'use strict';
// Order API: takes orders and puts them on the Redis stream `orders`, where the consumer group
// `fulfilment` reads them. It never calls the ledger itself. It also holds the operator's tools
// (the dead-letter queue and its redrive) and the lab's exact accounting.
//   POST /orders               {sku, qty, amountCents} -> 202 {orderId, messageId}; 400 {error, field} when
//                              invalid (qty 1-1000, amountCents a whole number >= 0); 413 over MAX_REQUEST_BYTES
//   GET  /admin/dlq            -> {size, entries: [{dlqId, orderId, messageId, reason, receives, at, payload}]}
//   POST /admin/dlq/redrive    {set?: {sku?, qty?, amountCents?}, orderId?} -> {redriven, orderIds}
//                              puts dead-lettered orders back on `orders` as NEW messages, with the
//                              fields in `set` changed (the operator's fix), and removes them from the DLQ
//   GET  /admin/stats          -> exact counts since the last reset (see README.md)
//   GET | POST | DELETE /admin/faults  -> {poisonRate}: this share of orders is sent as a buggy client
//                              release sends them, with qty "<n> pcs" instead of a number (a poison message)
//   POST /admin/reset          -> empty Redis (the checker calls it before each run; never ship this)
//   GET  /healthz, GET /metrics

const { randomUUID } = require('node:crypto');
const { serve, sendJson, readBodyOrRefuse, sendProblem, integerField, unknownKeys, redis: redisClient, counter } = require('@breakfix/lab-kit');

const PORT = Number(process.env.PORT || 8080);
const REDIS_URL = process.env.REDIS_URL || 'redis://queue:6379';
const LEDGER_URL = process.env.LEDGER_URL || 'http://ledger:8083';
const STREAM = 'orders';
const DLQ = 'orders:dlq';
const ACCEPTED = 'orders:accepted';   // hash orderId -> {"messageId","poison"}
const RECEIVES = 'orders:receives';   // hash messageId -> times handed to the handler (written by the consumer)
const REDRIVEN = 'orders:redriven';   // set of orderIds redriven from the DLQ
const MAX_REQUEST_BYTES = 64 * 1024;
const MAX_QTY = 1000;

const redis = redisClient('api', REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });

let faults = { poisonRate: 0 };

const ordersTotal = counter('api_orders_total', 'Orders accepted, by kind (ok or poison)', ['kind'], [{ kind: 'ok' }, { kind: 'poison' }]);
const redrivenTotal = counter('api_redriven_total', 'Orders redriven from the DLQ');

/** The body as a JSON object (empty: {}), or null once its problem (413, 400) has been answered. */
const readBody = (req, res) => readBodyOrRefuse(req, res, { limit: MAX_REQUEST_BYTES, emptyAs: {} });

/**
 * The problem with an order's fields, or null. `partial`: only the fields present are checked (a
 * redrive's `set`). amountCents is required: a missing or fractional amount is never booked as 0.
 */
function orderProblem(o, { partial = false } = {}) {
  const has = (k) => !partial || Object.hasOwn(o, k);
  if (has('sku') && (typeof o.sku !== 'string' || !o.sku || o.sku.length > 64)) return { error: 'sku must be a string of 1-64 characters', field: 'sku' };
  return (has('qty') && integerField(o, 'qty', { min: 1, max: MAX_QTY })) ||
    (has('amountCents') && integerField(o, 'amountCents', { min: 0 })) || null;
}

async function createOrder(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  const problem = orderProblem(body);
  if (problem) return sendJson(res, problem.status || 400, { error: problem.error, field: problem.field });
  const { amountCents } = body;
  const orderId = randomUUID();
  const poison = Math.random() < faults.poisonRate;
  // The buggy client release: qty as text with a unit. The API passes the payload through unchecked.
  const order = { orderId, sku: body.sku, qty: poison ? `${body.qty} pcs` : body.qty, amountCents };
  const messageId = await redis.xadd(STREAM, '*', 'order', JSON.stringify(order));
  await redis.hset(ACCEPTED, orderId, JSON.stringify({ messageId, poison }));
  ordersTotal.inc({ kind: poison ? 'poison' : 'ok' });
  sendJson(res, 202, { orderId, messageId });
}

async function dlqEntries() {
  const rows = await redis.xrange(DLQ, '-', '+');
  return rows.map(([dlqId, fields]) => {
    const f = {};
    for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
    return { dlqId, orderId: f.orderId || null, messageId: f.messageId || null, reason: f.reason || '', receives: Number(f.receives) || 0, at: f.at || null, payload: f.payload || null };
  });
}

async function redrive(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  // The operator's fix goes through the same checks as a new order: a redrive cannot plant an order
  // POST /orders would refuse (nor an "orderId" or "__proto__" field).
  const set = body.set ?? {};
  if (typeof set !== 'object' || Array.isArray(set)) return sendJson(res, 400, { error: 'set must be an object of order fields', field: 'set' });
  const problem = unknownKeys(set, ['sku', 'qty', 'amountCents']) || orderProblem(set, { partial: true });
  if (problem) return sendJson(res, 400, { error: problem.error, field: `set.${problem.field}`, allowed: problem.allowed });
  if (body.orderId !== undefined && typeof body.orderId !== 'string') return sendJson(res, 400, { error: 'orderId must be a string', field: 'orderId' });
  const only = body.orderId ?? null;
  const out = [];
  for (const e of await dlqEntries()) {
    if (only && e.orderId !== only) continue;
    let order;
    try {
      order = JSON.parse(e.payload);
    } catch {
      continue; // nothing to redrive: the entry does not hold the original message
    }
    if (!order || typeof order.orderId !== 'string') continue;
    const fixed = { ...order, ...set, orderId: order.orderId };
    await redis.multi().xadd(STREAM, '*', 'order', JSON.stringify(fixed), 'redriveOf', e.messageId || '').xdel(DLQ, e.dlqId).sadd(REDRIVEN, order.orderId).exec();
    redrivenTotal.inc();
    out.push(order.orderId);
  }
  sendJson(res, 200, { redriven: out.length, orderIds: out });
}

/** Exact accounting: what was accepted (Redis) against what the ledger booked (its /admin/booked). */
async function stats() {
  const [accepted, receives, entries, redriven, bookedRes] = await Promise.all([
    redis.hgetall(ACCEPTED),
    redis.hgetall(RECEIVES),
    dlqEntries(),
    redis.smembers(REDRIVEN),
    fetch(`${LEDGER_URL}/admin/booked`, { signal: AbortSignal.timeout(3000) }).then((r) => r.json()),
  ]);
  const booked = new Set(bookedRes.orderIds);
  const inDlq = new Set(entries.filter((e) => e.reason.trim() && e.payload).map((e) => e.orderId));
  const wasRedriven = new Set(redriven);
  const s = { accepted: 0, poison: 0, good: 0, goodBooked: 0, goodLost: 0, poisonReceivesMax: 0, dlqSize: entries.length, poisonInDlq: 0, poisonNotInDlq: 0, goodInDlq: 0, redriven: redriven.length, poisonBooked: 0, poisonUnbooked: 0 };
  for (const [orderId, raw] of Object.entries(accepted)) {
    const { messageId, poison } = JSON.parse(raw);
    s.accepted++;
    if (!poison) {
      s.good++;
      if (booked.has(orderId)) s.goodBooked++;
      else s.goodLost++;
      if (inDlq.has(orderId)) s.goodInDlq++;
      continue;
    }
    s.poison++;
    s.poisonReceivesMax = Math.max(s.poisonReceivesMax, Number(receives[messageId]) || 0);
    if (inDlq.has(orderId) || wasRedriven.has(orderId)) s.poisonInDlq++;
    else s.poisonNotInDlq++;
    if (booked.has(orderId)) s.poisonBooked++;
    else s.poisonUnbooked++;
  }
  return s;
}

async function setFaults(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  const unknown = unknownKeys(body, ['poisonRate']);
  if (unknown) return sendProblem(res, unknown);
  const rate = body.poisonRate ?? faults.poisonRate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return sendJson(res, 400, { error: 'poisonRate must be a number from 0 to 1', field: 'poisonRate' });
  faults = { poisonRate: rate };
  sendJson(res, 200, faults);
}

/**
 * Redis or the ledger not answering is a 503 naming what is down, as before the kit (whose own
 * catch-all answers 500 "internal error"): a probe of /admin/stats then says why it failed.
 */
const unavailableOnError = (handler) => async (req, res, params, url) => {
  try {
    return await handler(req, res, params, url);
  } catch (err) {
    console.error(`[api] ${req.method} ${url.pathname}: ${err.message}`);
    if (!res.headersSent) sendJson(res, err.status || 503, { error: err.message });
  }
};

const wrongMethod = (req, res) => sendJson(res, 405, { error: 'use GET, POST or DELETE' });

const routes = {
  'POST /orders': createOrder,
  'GET /admin/dlq': async (req, res) => {
    const entries = await dlqEntries();
    sendJson(res, 200, { size: entries.length, entries });
  },
  'POST /admin/dlq/redrive': redrive,
  'GET /admin/stats': async (req, res) => sendJson(res, 200, await stats()),
  'GET /admin/faults': (req, res) => sendJson(res, 200, faults),
  'POST /admin/faults': setFaults,
  'DELETE /admin/faults': (req, res) => {
    faults = { poisonRate: 0 };
    sendJson(res, 200, faults);
  },
  'PUT /admin/faults': wrongMethod,
  'PATCH /admin/faults': wrongMethod,
  'POST /admin/reset': async (req, res) => {
    await redis.flushall();
    sendJson(res, 200, { reset: true });
  },
};

const server = serve({
  name: 'api',
  port: PORT,
  routes: Object.fromEntries(Object.entries(routes).map(([route, handler]) => [route, unavailableOnError(handler)])),
  health: { redis: () => redis.ping() },
  onShutdown: () => redis.quit(),
});
// As before the kit: an idle keep-alive connection (the load's, a probe's) stays open 65 s, not Node's 5 s.
server.keepAliveTimeout = 65000;
