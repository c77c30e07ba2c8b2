'use strict';
// Order service.
//   POST   /orders         {id, customer, sku, qty} -> 201 {id, status: 'placed'} (200 with replayed: true
//                          when this id was placed before with the same order; 409 when with a different
//                          one); 400 when invalid; 413 over MAX_REQUEST_BYTES; 503 when it could not be
//                          placed (the client retries with the same id)
//   GET    /orders/:id     -> 200 {id, customer, sku, qty, createdAt} | 404
//   GET    /admin/audit    -> what each consumer did, compared with the orders (audit.js)
//   GET    /admin/faults   -> {commitFailRate}; POST merges {commitFailRate: 0..1} (any other key: 400);
//                             DELETE sets it to 0
//   POST   /admin/reset    -> delete every order, outbox row, effect and stream entry (the checker calls
//                             it before each run; never ship an endpoint like this)
//   GET    /healthz, GET /metrics
// placeOrder.js does the work of POST /orders.

const { serve, sendJson, withTimeout, readBodyOrRefuse, sendProblem, integerField, unknownKeys, postgres, redis: redisClient, client } = require('@breakfix/lab-kit');
const { placeOrder } = require('./placeOrder');
const events = require('./events');
const { CONSUMERS, audit, outboxBacklog, streamBacklog } = require('./audit');

const PORT = Number(process.env.PORT || 8080);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/shop';
const REDIS_URL = process.env.REDIS_URL || 'redis://broker:6379';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REQUEST_BYTES = 64 * 1024;

// Orders use `pool`; the admin endpoints, health and metrics use their own small pool, so a burst of
// orders never delays a fault toggle or a scrape. Connections stay open (no idle timeout).
const poolOptions = { idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, query_timeout: 5000 };
const pool = postgres('orders', DATABASE_URL, { ...poolOptions, max: 10 });
const adminPool = postgres('orders', DATABASE_URL, { ...poolOptions, max: 3 });
// The fault toggle has a connection of its own: a check's timeline reverts commit-fail on time even when
// slow audit queries (a busy machine) hold every admin connection. A late revert was measured as 503s
// inside the next fault's window.
const faultPool = postgres('orders', DATABASE_URL, { ...poolOptions, max: 1 });
const redis = redisClient('orders', REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });

// ---- metrics ------------------------------------------------------------------------------
const requestsTotal = new client.Counter({ name: 'orders_requests_total', help: 'POST /orders answers by HTTP status', labelNames: ['code'] });
['200', '201', '400', '409', '503'].forEach((code) => requestsTotal.inc({ code }, 0));
const placeDuration = new client.Histogram({
  name: 'orders_place_duration_seconds',
  help: 'Time to answer a valid POST /orders',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
});
const failuresTotal = new client.Counter({ name: 'orders_failures_total', help: 'Orders not placed (503), by cause', labelNames: ['cause'] });
['commit_rejected', 'broker', 'database'].forEach((cause) => failuresTotal.inc({ cause }, 0));
const publishedTotal = new client.Counter({ name: 'events_published_total', help: 'XADDs confirmed by Redis, by publisher', labelNames: ['publisher'] });
const publishFailedTotal = new client.Counter({ name: 'events_publish_failed_total', help: 'XADDs that failed or got no answer, by publisher', labelNames: ['publisher'] });
publishedTotal.inc({ publisher: 'orders' }, 0);
publishFailedTotal.inc({ publisher: 'orders' }, 0);

// Gauges read from Postgres and Redis at scrape time. If one does not answer, its gauges keep their last value.
const outboxUnsent = new client.Gauge({ name: 'outbox_unsent', help: 'Outbox rows not sent yet (sent_at IS NULL)' });
const outboxOldest = new client.Gauge({ name: 'outbox_oldest_unsent_age_seconds', help: "Age of the oldest unsent outbox row: the relay's lag (0 when none)" });
const streamUndelivered = new client.Gauge({ name: 'stream_undelivered', help: 'Stream entries not yet delivered to the consumer group', labelNames: ['group'] });
const streamPending = new client.Gauge({ name: 'stream_pending', help: 'Stream entries delivered to the group but not acknowledged (XACK)', labelNames: ['group'] });
const auditOrders = new client.Gauge({ name: 'audit_orders', help: 'Orders in the orders table (committed)' });
const auditEffects = new client.Gauge({ name: 'audit_effects', help: "Effects in the consumer's table", labelNames: ['consumer'] });
const auditUnprocessed = new client.Gauge({ name: 'audit_unprocessed_orders', help: 'Orders with no effect at the consumer (lost, once drained)', labelNames: ['consumer'] });
const auditPhantoms = new client.Gauge({ name: 'audit_phantom_effects', help: 'Effects for an order that does not exist', labelNames: ['consumer'] });
const auditDuplicates = new client.Gauge({ name: 'audit_duplicate_effects', help: 'Effects beyond the first for the same order', labelNames: ['consumer'] });
const auditOldest = new client.Gauge({ name: 'audit_oldest_unprocessed_age_seconds', help: 'Age of the oldest order the consumer has not handled', labelNames: ['consumer'] });
for (const consumer of Object.keys(CONSUMERS)) {
  for (const g of [auditEffects, auditUnprocessed, auditPhantoms, auditDuplicates, auditOldest]) g.set({ consumer }, 0);
  for (const g of [streamUndelivered, streamPending]) g.set({ group: consumer }, 0);
}

// One refresh at a time: a scrape that comes while the last refresh still runs waits for it, instead of
// queueing more audit queries behind it on the admin pool.
let refreshing = null;
function refreshGauges() {
  refreshing ??= readGauges().finally(() => (refreshing = null));
  return refreshing;
}

async function readGauges() {
  await Promise.allSettled([
    withTimeout(outboxBacklog(adminPool), 800, 'outbox backlog').then((b) => {
      outboxUnsent.set(b.unsent);
      outboxOldest.set(b.oldestAgeSeconds);
    }),
    withTimeout(audit(adminPool), 800, 'audit').then((a) => {
      auditOrders.set(a.orders);
      for (const [consumer, c] of Object.entries(a.consumers)) {
        auditEffects.set({ consumer }, c.effects);
        auditUnprocessed.set({ consumer }, c.unprocessed);
        auditPhantoms.set({ consumer }, c.phantoms);
        auditDuplicates.set({ consumer }, c.duplicates);
        auditOldest.set({ consumer }, c.oldestUnprocessedAgeSeconds);
      }
    }),
    withTimeout(streamBacklog(redis, events.STREAM), 500, 'stream backlog').then((groups) => {
      for (const group of Object.keys(CONSUMERS)) {
        streamUndelivered.set({ group }, groups[group]?.undelivered ?? 0);
        streamPending.set({ group }, groups[group]?.pending ?? 0);
      }
    }),
  ]);
}

// ---- helpers ------------------------------------------------------------------------------
/** The body as a JSON object (empty: {}), or null once its problem (413, 400) has been answered. */
const readBody = (req, res) => readBodyOrRefuse(req, res, { limit: MAX_REQUEST_BYTES, emptyAs: {} });

/** The order, or {error, field}. */
function validateOrder(b) {
  if (typeof b.id !== 'string' || !UUID_RE.test(b.id)) return { error: 'id must be a UUID chosen by the client', field: 'id' };
  if (typeof b.customer !== 'string' || !b.customer || b.customer.length > 200) return { error: 'customer must be a string of 1-200 characters', field: 'customer' };
  if (typeof b.sku !== 'string' || !b.sku || b.sku.length > 64) return { error: 'sku must be a string of 1-64 characters', field: 'sku' };
  const qty = integerField(b, 'qty', { min: 1, max: 1000 });
  if (qty) return { error: qty.error, field: qty.field };
  return { order: { id: b.id.toLowerCase(), customer: b.customer, sku: b.sku, qty: b.qty } };
}

/**
 * For a replayed id: the field in which the stored order differs from this request's, or null. The id
 * is the client's idempotency key: the same id for a different order is a client bug (or two clients
 * choosing one id), and answering it "placed" would confirm an order that was never placed.
 */
async function replayMismatch(order) {
  const { rows } = await pool.query('SELECT customer, sku, qty FROM orders WHERE id = $1', [order.id]);
  if (!rows.length) return null; // placed and deleted since (a reset): nothing to compare
  return ['customer', 'sku', 'qty'].find((f) => rows[0][f] !== order[f]) || null;
}

/** publish() as placeOrder sees it: counted, so the charts show who publishes. */
async function publish(event) {
  try {
    const id = await events.publish(redis, event);
    publishedTotal.inc({ publisher: 'orders' });
    return id;
  } catch (err) {
    publishFailedTotal.inc({ publisher: 'orders' });
    throw Object.assign(err, { publishFailed: true });
  }
}

function causeOf(err) {
  if (err.code === '40001') return 'commit_rejected';
  if (err.publishFailed) return 'broker';
  return 'database';
}

// ---- routes -------------------------------------------------------------------------------
async function createOrder(req, res) {
  const body = await readBody(req, res);
  if (!body) return;
  const v = validateOrder(body);
  if (v.error) return sendJson(res, 400, v);
  const stop = placeDuration.startTimer();
  try {
    const r = await placeOrder({ pool, publish }, v.order);
    const differs = r && r.replayed ? await replayMismatch(v.order) : null;
    if (differs) return sendJson(res, 409, { error: `order ${v.order.id} was already placed with a different ${differs}: this id is taken`, field: 'id' });
    return sendJson(res, r && r.replayed ? 200 : 201, { id: v.order.id, status: 'placed', ...(r && r.replayed ? { replayed: true } : {}) });
  } catch (err) {
    failuresTotal.inc({ cause: causeOf(err) });
    console.error(`[orders] ${v.order.id} not placed: ${err.message}`);
    return sendJson(res, 503, { error: 'order not placed, retry later', cause: causeOf(err) });
  } finally {
    stop();
  }
}

async function getOrder(res, id) {
  if (!UUID_RE.test(id)) return sendJson(res, 400, { error: 'id must be a UUID', field: 'id' });
  const { rows } = await pool.query('SELECT id, customer, sku, qty, created_at FROM orders WHERE id = $1', [id]);
  if (!rows.length) return sendJson(res, 404, { error: 'order not found' });
  const r = rows[0];
  return sendJson(res, 200, { id: r.id, customer: r.customer, sku: r.sku, qty: r.qty, createdAt: r.created_at });
}

async function faults(req, res) {
  if (req.method === 'POST') {
    const body = await readBody(req, res);
    if (!body) return;
    const unknown = unknownKeys(body, ['commitFailRate']);
    if (unknown) return sendProblem(res, unknown);
    const rate = body.commitFailRate;
    if (rate !== undefined) {
      if (typeof rate !== 'number' || rate < 0 || rate > 1) return sendJson(res, 400, { error: 'commitFailRate must be a number from 0 to 1', field: 'commitFailRate' });
      await faultPool.query('UPDATE lab_faults SET commit_fail_rate = $1 WHERE id = 1', [rate]);
    }
  } else if (req.method === 'DELETE') {
    await faultPool.query('UPDATE lab_faults SET commit_fail_rate = 0 WHERE id = 1');
  }
  const { rows } = await faultPool.query('SELECT commit_fail_rate FROM lab_faults WHERE id = 1');
  return sendJson(res, 200, { commitFailRate: rows[0].commit_fail_rate });
}

async function reset(res) {
  await adminPool.query('TRUNCATE orders, outbox, inventory.reservations, inventory.processed_events, email.sent_emails, email.processed_events');
  await redis.flushdb();
  await warmUp();
  console.log('[orders] reset: orders, outbox, effects and the stream deleted');
  return sendJson(res, 200, { reset: true });
}

/**
 * The order service answers a failure of Postgres or Redis with 503 and its reason (the kit's default
 * is 500 "internal error"): a reset or a fault toggle that meets a frozen database says why.
 */
function unavailableOnError(handler) {
  return async (req, res, ...rest) => {
    try {
      return await handler(req, res, ...rest);
    } catch (err) {
      console.error('[orders] error:', err.message);
      if (!res.headersSent) sendJson(res, 503, { error: err.message });
      else res.destroy();
    }
  };
}

const routes = {
  'POST /orders': (req, res) => {
    res.on('finish', () => requestsTotal.inc({ code: String(res.statusCode) }));
    return createOrder(req, res);
  },
  'GET /orders/:id': (req, res, { id }) => getOrder(res, id),
  'GET /admin/audit': async (req, res) => sendJson(res, 200, await audit(adminPool)),
  'GET /admin/faults': faults,
  'POST /admin/faults': faults,
  'DELETE /admin/faults': faults,
  'POST /admin/reset': (req, res) => reset(res),
};
for (const key of Object.keys(routes)) routes[key] = unavailableOnError(routes[key]);

/** Opens every connection of the order pool, and the fault toggle's, now: the first burst of orders and the first fault do not wait for them. */
async function warmUp() {
  const clients = await Promise.all([...Array.from({ length: 10 }, () => pool.connect()), faultPool.connect()]);
  clients.forEach((c) => c.release());
}

const server = serve({
  name: 'orders',
  port: PORT,
  routes,
  health: { db: () => adminPool.query('SELECT 1'), broker: () => redis.ping() },
  beforeScrape: refreshGauges,
  // The pools close once the requests in flight are answered (the kit exits after 5 s at most).
  onShutdown: () => new Promise((resolve) => server.once('close', resolve))
    .then(() => Promise.allSettled([pool.end(), adminPool.end(), faultPool.end(), redis.quit()])),
});
warmUp().catch((err) => console.error('[orders] warm-up failed:', err.message));
