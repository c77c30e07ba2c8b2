'use strict';
// Notification API.
//   POST /notifications      {to, channel, body, idempotencyKey?} -> 202 {id, status}; 200 {id, status, replayed}
//                            for an idempotencyKey already stored with the same notification, 409 with a
//                            different one; 400 {error, field} when invalid; 413 over MAX_REQUEST_BYTES
//   GET  /notifications/:id  -> 200 {id, status, attempts, lastError, createdAt, updatedAt}
//   GET  /healthz            -> 200 when Postgres and Redis answer, else 503
//   GET  /metrics            -> Prometheus text format
//   GET  /admin/stats        -> {accepted, delivered, deadLettered, failed, pending, lost}, counted in Postgres
//   POST /admin/reset        -> delete every notification and empty the Redis queues (used by the checker
//                               before each run; never expose an endpoint like this in production)
// A notification is stored in Postgres first, then its id is pushed onto a Redis list that the
// worker consumes. The API never talks to the email provider: accepting a notification should
// stay fast whatever the provider is doing. Under load, requests are written in batches (groupCommit.js):
// one INSERT and one LPUSH for all the requests that arrived while the previous batch was written.

const { randomUUID } = require('node:crypto');
const { client, postgres, readJson, redis: redisClient, sendJson, sendProblem, serve, withTimeout } = require('@breakfix/lab-kit');
const { validateNotification } = require('./validate');
const { GroupCommit } = require('./groupCommit');

const PORT = Number(process.env.PORT || 8080);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/notifications';
const REDIS_URL = process.env.REDIS_URL || 'redis://queue:6379';
const QUEUE_KEY = process.env.QUEUE_KEY || 'notifications:queue';
const MAX_REQUEST_BYTES = 256 * 1024; // whole HTTP request body; the `body` field limit is in validate.js

// ---- dependencies -------------------------------------------------------------------------
const pool = postgres('api', DATABASE_URL, { max: 10, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10000 });
const redis = redisClient('api', REDIS_URL);

const enqueue = new GroupCommit(writeBatch, { maxBatch: 256, maxInFlight: 2, isItemError: refusedRowData });

// ---- metrics ------------------------------------------------------------------------------
const enqueueDuration = new client.Histogram({
  name: 'api_enqueue_duration_seconds',
  help: 'Time to accept a valid POST /notifications (insert into Postgres + push to Redis)',
  buckets: [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15,
    0.2, 0.3, 0.5, 0.75, 1, 2, 5],
});
const requestsTotal = new client.Counter({
  name: 'api_requests_total',
  help: 'API requests by route and HTTP status code (/healthz and /metrics are not counted)',
  labelNames: ['route', 'code'],
});
const STATUSES = ['queued', 'delivered', 'failed', 'dead_lettered'];
const notificationsByStatus = new client.Gauge({
  name: 'api_notifications',
  help: 'Notifications in Postgres by status, counted at scrape time (queued = not finished yet)',
  labelNames: ['status'],
  async collect() {
    try {
      const counts = await countByStatus();
      for (const status of STATUSES) this.set({ status }, counts[status]);
    } catch (err) {
      console.error('[api] cannot count notifications for /metrics:', err.message);
    }
  },
});
// Start the usual series at 0, so that rate() sees the first request of each kind too.
for (const code of ['200', '202', '400', '409', '503']) requestsTotal.inc({ route: 'POST /notifications', code }, 0);
for (const code of ['200', '400', '404', '503']) requestsTotal.inc({ route: 'GET /notifications/:id', code }, 0);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- routes -------------------------------------------------------------------------------
async function createNotification(req, res) {
  // The body reader answers 413 for a body over the limit, 400 for malformed JSON, a non-object, a NUL
  // character or a non-finite number; validate.js checks the fields.
  const body = await readJson(req, res, { limit: MAX_REQUEST_BYTES });
  if (body.problem) return sendProblem(res, body.problem);
  const result = validateNotification(body.value);
  if (!result.value) return sendJson(res, 400, result);
  const n = result.value;

  const stopTimer = enqueueDuration.startTimer();
  try {
    const r = await enqueue.submit(n);
    if (r.replayed) return sendJson(res, 200, { id: r.id, status: r.status, replayed: true });
    return sendJson(res, 202, { id: r.id, status: r.status });
  } catch (err) {
    if (err.keyConflict) return sendJson(res, 409, { error: err.message, field: 'idempotencyKey' });
    if (refusedRowData(err)) {
      // Only this notification: the group commit wrote the others of its batch one at a time.
      return sendJson(res, 400, { error: `the database refused this notification: ${err.message}`, field: null });
    }
    console.error('[api] enqueue failed:', err.message);
    return sendJson(res, 503, { error: err.unavailable || 'database unavailable, retry later' });
  } finally {
    stopTimer();
  }
}

/**
 * A batch INSERT that Postgres refused because of the data of a row (SQLSTATE class 22, data exception,
 * or 23, integrity constraint violation). The INSERT is one statement, so nothing of the batch was
 * written: the group commit writes its items again one at a time, and only the bad one fails.
 * Anything else (a lost connection, a timeout) is the database's trouble and fails the whole batch.
 */
function refusedRowData(err) {
  return err.insertRefused === true && /^2[23]/.test(err.code || '');
}

/**
 * Stores a batch of valid notifications in one INSERT and pushes their ids onto the queue in one
 * LPUSH. A notification whose idempotencyKey is already stored is not inserted again: the client
 * gets the original (replayed) when it asks for the same notification, and a 409 when the key was
 * used for a different one. If the push fails, the batch's rows are deleted again (nobody would
 * ever deliver them) and every request in it gets a 503, so its client retries.
 */
async function writeBatch(items) {
  const ids = items.map(() => randomUUID());
  const inserted = await pool.query(
    `INSERT INTO notifications (id, "to", channel, body, idempotency_key)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
     ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [ids, items.map((n) => n.to), items.map((n) => n.channel), items.map((n) => n.body), items.map((n) => n.idempotencyKey)],
  ).catch((err) => {
    throw Object.assign(err, { insertRefused: true });
  });
  const stored = new Set(inserted.rows.map((r) => r.id));
  const results = new Array(items.length);

  const replayKeys = items.filter((n, i) => !stored.has(ids[i])).map((n) => n.idempotencyKey);
  if (replayKeys.length > 0) {
    const { rows } = await pool.query(
      'SELECT id, status, idempotency_key, "to", channel, body FROM notifications WHERE idempotency_key = ANY($1)', [replayKeys]);
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    items.forEach((n, i) => {
      if (stored.has(ids[i])) return;
      const row = byKey.get(n.idempotencyKey);
      if (!row) results[i] = new Error('idempotency key conflict, but no stored row');
      else if (row.to !== n.to || row.channel !== n.channel || row.body !== n.body) {
        // Replaying would tell this client that a notification it never sent was accepted.
        results[i] = Object.assign(new Error(`idempotencyKey ${JSON.stringify(n.idempotencyKey)} was already used for a different notification`), { keyConflict: true });
      } else results[i] = { id: row.id, status: row.status, replayed: true };
    });
  }

  const fresh = ids.filter((id) => stored.has(id));
  if (fresh.length > 0) {
    const now = Date.now();
    try {
      await redis.lpush(QUEUE_KEY, ...fresh.map((id) => JSON.stringify({ id, enqueuedAt: now })));
    } catch (err) {
      await pool.query('DELETE FROM notifications WHERE id = ANY($1)', [fresh]).catch(() => {});
      const e = Object.assign(new Error(`queue unavailable: ${err.message}`), { unavailable: 'queue unavailable, retry later' });
      ids.forEach((id, i) => { if (stored.has(id)) results[i] = e; });
      return results;
    }
    ids.forEach((id, i) => { if (stored.has(id)) results[i] = { id, status: 'queued' }; });
  }
  return results;
}

async function getNotification(res, id) {
  if (!UUID_RE.test(id)) return sendJson(res, 400, { error: 'id must be a UUID', field: 'id' });
  try {
    const { rows } = await pool.query(
      'SELECT id, status, attempts, last_error, created_at, updated_at FROM notifications WHERE id = $1',
      [id],
    );
    if (rows.length === 0) return sendJson(res, 404, { error: 'notification not found' });
    const r = rows[0];
    return sendJson(res, 200, {
      id: r.id, status: r.status, attempts: r.attempts, lastError: r.last_error,
      createdAt: r.created_at, updatedAt: r.updated_at,
    });
  } catch (err) {
    console.error('[api] database error:', err.message);
    return sendJson(res, 503, { error: 'database unavailable, retry later' });
  }
}

async function countByStatus() {
  const { rows } = await withTimeout(
    pool.query('SELECT status, count(*)::int AS n FROM notifications GROUP BY status'), 2000, 'count by status');
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * Where every accepted notification ended up. "lost" is what is neither delivered nor dead-lettered:
 * once the queue has drained, a notification marked 'failed' (the worker gave up without setting it
 * aside with a reason) is lost, and so is one still 'queued'.
 */
async function adminStats(res) {
  try {
    const c = await countByStatus();
    const accepted = STATUSES.reduce((sum, s) => sum + c[s], 0);
    return sendJson(res, 200, {
      accepted,
      delivered: c.delivered,
      deadLettered: c.dead_lettered,
      failed: c.failed,
      pending: c.queued,
      lost: accepted - c.delivered - c.dead_lettered,
    });
  } catch (err) {
    console.error('[api] database error:', err.message);
    return sendJson(res, 503, { error: 'database unavailable, retry later' });
  }
}

/** Forgets everything: all notifications, and every key in Redis (queue, retries, dead letters). */
async function adminReset(res) {
  try {
    await pool.query('TRUNCATE notifications');
    await redis.flushdb();
    console.log('[api] reset: notifications deleted, queue flushed');
    return sendJson(res, 200, { reset: true });
  } catch (err) {
    console.error('[api] reset failed:', err.message);
    return sendJson(res, 503, { error: `reset failed: ${err.message}` });
  }
}

/** Counts each answer of a public route in api_requests_total (the ops and admin routes are not counted). */
const counted = (route, handler) => (req, res, params) => {
  res.on('finish', () => requestsTotal.inc({ route, code: String(res.statusCode) }));
  return handler(req, res, params);
};

serve({
  name: 'api',
  port: PORT,
  routes: {
    'POST /notifications': counted('POST /notifications', createNotification),
    'GET /notifications/:id': counted('GET /notifications/:id', (req, res, { id }) => getNotification(res, id)),
    'GET /admin/stats': (req, res) => adminStats(res),
    'POST /admin/reset': (req, res) => adminReset(res),
  },
  health: { db: () => pool.query('SELECT 1'), queue: () => redis.ping() },
  onShutdown: () => Promise.allSettled([pool.end(), redis.quit()]),
});
