'use strict';
// Notification worker. WORKER_CONCURRENCY loops each take one message off the Redis queue,
// load the notification from Postgres, deliver it (deliver.js) under the retry policy
// (retry.js), and record the outcome ('delivered' or 'failed') in Postgres.
// HTTP on :8082: GET /healthz (Redis + Postgres), GET /metrics.

const http = require('node:http');
const { Pool } = require('pg');
const Redis = require('ioredis');
const client = require('prom-client');
const queue = require('./queue');
const { deliver } = require('./deliver');
const { withRetry } = require('./retry');

const PORT = Number(process.env.PORT || 8082);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/notifications';
const REDIS_URL = process.env.REDIS_URL || 'redis://queue:6379';
const CONCURRENCY = Math.max(1, Number(process.env.WORKER_CONCURRENCY || 4));
const BLOCK_SECONDS = 1;

// ---- dependencies -------------------------------------------------------------------------
const pool = new Pool({ connectionString: DATABASE_URL, max: CONCURRENCY + 2, connectionTimeoutMillis: 2000, query_timeout: 5000 });
pool.on('error', (err) => console.error('[worker] postgres idle client error:', err.message));
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });
redis.on('error', (err) => console.error('[worker] redis error:', err.message));

// ---- metrics ------------------------------------------------------------------------------
client.collectDefaultMetrics();
const OUTCOMES = ['success', 'timeout', 'network_error', 'http_4xx', 'http_5xx', 'error'];
const attemptsTotal = new client.Counter({
  name: 'worker_attempts_total',
  help: 'Delivery attempts (calls to the provider) by outcome',
  labelNames: ['outcome'],
});
OUTCOMES.forEach((outcome) => attemptsTotal.inc({ outcome }, 0));
const retriesTotal = new client.Counter({ name: 'worker_retries_total', help: 'Attempts that were followed by another attempt' });
const deliveredTotal = new client.Counter({ name: 'worker_delivered_total', help: 'Notifications marked delivered' });
const failedTotal = new client.Counter({ name: 'worker_failed_total', help: 'Notifications marked failed (retries gave up)' });
const malformedTotal = new client.Counter({ name: 'worker_malformed_total', help: 'Queue messages moved to notifications:malformed' });
const inFlight = new client.Gauge({ name: 'worker_in_flight', help: 'Notifications being processed right now (at most WORKER_CONCURRENCY)' });
const queueDepth = new client.Gauge({ name: 'worker_queue_depth', help: 'Messages waiting in notifications:queue (LLEN)' });
const oldestAge = new client.Gauge({
  name: 'worker_queue_oldest_age_seconds',
  help: 'Age of the oldest message still waiting or being processed (0 when there is none)',
});
new client.Gauge({ name: 'worker_concurrency', help: 'WORKER_CONCURRENCY: number of worker loops' }).set(CONCURRENCY);

function outcomeOf(err) {
  if (err.kind === 'timeout') return 'timeout';
  if (err.kind === 'network') return 'network_error';
  if (err.status >= 400 && err.status < 500) return 'http_4xx';
  if (err.status >= 500) return 'http_5xx';
  return 'error';
}

// ---- helpers ------------------------------------------------------------------------------
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- processing ---------------------------------------------------------------------------
async function processMessage(raw) {
  const msg = queue.parseMessage(raw);
  if (msg.reason) return quarantine(raw, msg.reason);

  const { rows } = await pool.query(
    'SELECT id, "to", channel, body, idempotency_key, status FROM notifications WHERE id = $1',
    [msg.id],
  );
  if (rows.length === 0) return quarantine(raw, 'no notification with this id');
  const row = rows[0];
  if (row.status !== 'queued') {
    console.log(`[worker] ${row.id} is already ${row.status}, skipping`);
    return queue.ack(redis, raw);
  }
  const notification = { id: row.id, to: row.to, channel: row.channel, body: row.body, idempotencyKey: row.idempotency_key };

  let attempts = 0;
  let status = 'delivered';
  let lastError = null;
  try {
    await withRetry(async () => {
      attempts++;
      try {
        const result = await deliver(notification);
        attemptsTotal.inc({ outcome: 'success' });
        return result;
      } catch (err) {
        attemptsTotal.inc({ outcome: outcomeOf(err) });
        throw err;
      }
    }, { onRetry: () => retriesTotal.inc() });
  } catch (err) {
    status = 'failed';
    lastError = err.message;
  }

  // The provider has been called: from here on, putting the message back would send it again.
  // So keep trying to record the outcome; if that never works, leave the message in processing.
  for (let tries = 1; ; tries++) {
    try {
      await pool.query(
        `UPDATE notifications SET status = $2, attempts = attempts + $3, last_error = $4, updated_at = now()
         WHERE id = $1`,
        [row.id, status, attempts, lastError],
      );
      break;
    } catch (err) {
      if (stopping || tries >= 30) {
        console.error(`[worker] ${row.id}: cannot record '${status}' (${err.message}); left in ${queue.PROCESSING}`);
        return;
      }
      await sleep(1000);
    }
  }
  if (status === 'delivered') deliveredTotal.inc();
  else {
    failedTotal.inc();
    console.log(`[worker] ${row.id} failed after ${attempts} attempt(s): ${lastError}`);
  }
  return queue.ack(redis, raw);
}

async function quarantine(raw, reason) {
  console.warn(`[worker] malformed message moved to ${queue.MALFORMED} (${reason}): ${String(raw).slice(0, 200)}`);
  malformedTotal.inc();
  return queue.quarantine(redis, raw, reason);
}

let stopping = false;

async function loop(n) {
  const conn = redis.duplicate({ commandTimeout: undefined }); // BLMOVE blocks: one connection per loop
  conn.on('error', () => {}); // logged by the main connection
  while (!stopping) {
    let raw;
    try {
      // A dead connection that never answers must not freeze the loop: give up and reconnect.
      raw = await withTimeout(queue.take(conn, BLOCK_SECONDS), BLOCK_SECONDS * 1000 + 5000, 'BLMOVE');
    } catch (err) {
      console.error(`[worker] loop ${n}: cannot take from the queue: ${err.message}`);
      conn.disconnect(true);
      await sleep(1000);
      continue;
    }
    if (raw === null) continue;

    inFlight.inc();
    try {
      await processMessage(raw);
    } catch (err) {
      // Postgres or Redis trouble: put the message back and slow down, never crash.
      console.error(`[worker] loop ${n}: ${err.message}; message requeued`);
      await queue.requeue(redis, raw).catch((e) => console.error(`[worker] requeue failed (${e.message}); it stays in ${queue.PROCESSING}`));
      await sleep(1000);
    } finally {
      inFlight.dec();
    }
  }
  conn.disconnect();
}

// ---- HTTP ---------------------------------------------------------------------------------
async function refreshQueueGauges() {
  const s = await withTimeout(queue.stats(redis), 500, 'queue stats');
  queueDepth.set(s.depth);
  oldestAge.set(s.oldestAgeSeconds);
}

async function healthz(res) {
  const checks = {};
  await Promise.all([
    withTimeout(redis.ping(), 1000, 'redis').then(() => { checks.queue = 'ok'; }, (e) => { checks.queue = e.message; }),
    withTimeout(pool.query('SELECT 1'), 1000, 'postgres').then(() => { checks.db = 'ok'; }, (e) => { checks.db = e.message; }),
  ]);
  const ok = checks.queue === 'ok' && checks.db === 'ok';
  res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy', checks }));
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  try {
    if (req.method === 'GET' && path === '/healthz') return await healthz(res);
    if (req.method === 'GET' && path === '/metrics') {
      // Queue gauges are read from Redis at scrape time; if Redis does not answer they keep their last value.
      await refreshQueueGauges().catch((err) => console.error('[worker] queue gauges not refreshed:', err.message));
      res.writeHead(200, { 'Content-Type': client.register.contentType });
      return res.end(await client.register.metrics());
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  } catch (err) {
    console.error('[worker] unexpected error:', err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});

// ---- start / stop -------------------------------------------------------------------------
let loops = [];
async function main() {
  server.listen(PORT, '0.0.0.0', () => console.log(`[worker] listening on :${PORT}, concurrency ${CONCURRENCY}`));
  for (;;) {
    try {
      const moved = await queue.recover(redis);
      if (moved > 0) console.log(`[worker] put ${moved} unfinished message(s) back on the queue`);
      break;
    } catch (err) {
      console.error(`[worker] recovery failed (${err.message}), retrying`);
      await sleep(1000);
    }
  }
  loops = Array.from({ length: CONCURRENCY }, (_, i) => loop(i + 1));
}

// Node runs as PID 1 in the container: without a handler SIGTERM would be ignored.
// Messages still in processing stay in notifications:processing and are picked up again on restart.
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: shutting down`);
  setTimeout(() => process.exit(0), 5000).unref();
  server.close();
  server.closeIdleConnections();
  await Promise.allSettled(loops);
  await Promise.allSettled([pool.end(), redis.quit()]);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

main();
