'use strict';
// Notification worker. WORKER_CONCURRENCY loops each take one message off the Redis queue,
// load the notification from Postgres, and hand it to the retry policy (retry.js), which makes
// delivery attempts (deliver.js) and says what happens next:
//   delivered     -> the row is marked 'delivered'
//   failed        -> the row is marked 'failed'
//   dead-letter   -> the row is marked 'dead_lettered' and the notification is set aside on
//                    notifications:dead with the reason
//   retry-later   -> the message leaves this loop and waits in notifications:delayed; when it is due
//                    it goes back on the queue, and the policy is asked again (with the attempts so far)
// HTTP on :8082: GET /healthz (Redis + Postgres), GET /metrics.

const { client, postgres, redis: redisClient, serve, sleep, withTimeout } = require('@breakfix/lab-kit');
const queue = require('./queue');
const { deliver } = require('./deliver');
const { run } = require('./retry');

const PORT = Number(process.env.PORT || 8082);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/notifications';
const REDIS_URL = process.env.REDIS_URL || 'redis://queue:6379';
const CONCURRENCY = Math.max(1, Number(process.env.WORKER_CONCURRENCY || 4));
const BLOCK_SECONDS = 1;

// ---- dependencies -------------------------------------------------------------------------
const pool = postgres('worker', DATABASE_URL, { max: CONCURRENCY + 2, connectionTimeoutMillis: 2000, idleTimeoutMillis: 10000 });
const redis = redisClient('worker', REDIS_URL);

// ---- metrics ------------------------------------------------------------------------------
const OUTCOMES = ['success', 'timeout', 'network_error', 'http_4xx', 'http_5xx', 'error'];
const attemptsTotal = new client.Counter({
  name: 'worker_attempts_total',
  help: 'Delivery attempts (calls to the provider) by outcome',
  labelNames: ['outcome'],
});
OUTCOMES.forEach((outcome) => attemptsTotal.inc({ outcome }, 0));
const retriesTotal = new client.Counter({ name: 'worker_retries_total', help: 'Delivery attempts after the first one for the same notification' });
const deliveredTotal = new client.Counter({ name: 'worker_delivered_total', help: 'Notifications marked delivered' });
const failedTotal = new client.Counter({ name: 'worker_failed_total', help: 'Notifications marked failed (retries gave up)' });
const deadLetteredTotal = new client.Counter({ name: 'worker_dead_lettered_total', help: 'Notifications set aside on notifications:dead' });
const scheduledTotal = new client.Counter({ name: 'worker_retries_scheduled_total', help: 'Notifications parked in notifications:delayed for a later retry' });
const malformedTotal = new client.Counter({ name: 'worker_malformed_total', help: 'Queue messages moved to notifications:malformed' });
const inFlight = new client.Gauge({ name: 'worker_in_flight', help: 'Notifications being processed right now (at most WORKER_CONCURRENCY)' });
const queueDepth = new client.Gauge({ name: 'worker_queue_depth', help: 'Messages waiting in notifications:queue (LLEN)' });
const delayedSize = new client.Gauge({ name: 'worker_queue_delayed', help: 'Messages waiting for a retry in notifications:delayed' });
const dlqSize = new client.Gauge({ name: 'worker_dlq_size', help: 'Notifications set aside in the dead-letter queue notifications:dead' });
const oldestAge = new client.Gauge({
  name: 'worker_queue_oldest_age_seconds',
  help: 'Age of the oldest unfinished message: waiting, being processed or waiting for a retry (0 when there is none)',
});
new client.Gauge({ name: 'worker_concurrency', help: 'WORKER_CONCURRENCY: number of worker loops' }).set(CONCURRENCY);

function outcomeOf(err) {
  if (err.kind === 'timeout') return 'timeout';
  if (err.kind === 'network') return 'network_error';
  if (err.status >= 400 && err.status < 500) return 'http_4xx';
  if (err.status >= 500) return 'http_5xx';
  return 'error';
}

// ---- processing ---------------------------------------------------------------------------
const OUTCOME_STATUS = { delivered: 'delivered', failed: 'failed', 'dead-letter': 'dead_lettered', 'retry-later': 'queued' };

/** What the policy said, checked: an answer index.js does not understand counts as 'failed'. */
function normalise(result) {
  if (!result || !(result.outcome in OUTCOME_STATUS)) {
    return { outcome: 'failed', error: new Error(`retry policy returned ${JSON.stringify(result)}`) };
  }
  if (result.outcome === 'retry-later') {
    const delayMs = Number(result.delayMs);
    return { ...result, delayMs: Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0 };
  }
  return result;
}

function errorText(result) {
  if (result.outcome === 'delivered') return null;
  if (result.outcome === 'dead-letter') return String(result.reason || result.error?.message || 'dead-lettered');
  return result.error?.message || (result.error ? String(result.error) : null);
}

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
    return queue.ack(redis, raw, row.id);
  }
  const notification = { id: row.id, to: row.to, channel: row.channel, body: row.body, idempotencyKey: row.idempotency_key };

  // One delivery attempt, counted in the metrics. The policy calls it as often as it wants.
  const attemptsSoFar = msg.attempts;
  let made = 0;
  const attempt = async () => {
    made++;
    if (attemptsSoFar + made > 1) retriesTotal.inc();
    try {
      const result = await deliver(notification);
      attemptsTotal.inc({ outcome: 'success' });
      return result;
    } catch (err) {
      attemptsTotal.inc({ outcome: outcomeOf(err) });
      throw err;
    }
  };

  let result;
  try {
    result = normalise(await run(attempt, { attemptsSoFar, notification }));
  } catch (err) {
    result = { outcome: 'failed', error: err };
  }
  const status = OUTCOME_STATUS[result.outcome];
  const lastError = errorText(result);

  // The provider has been called: from here on, putting the message back would send it again.
  // So keep trying to record the outcome; if that never works, leave the message in processing.
  for (let tries = 1; ; tries++) {
    try {
      await pool.query(
        `UPDATE notifications SET status = $2, attempts = attempts + $3, last_error = $4, updated_at = now()
         WHERE id = $1`,
        [row.id, status, made, lastError],
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
  const attempts = attemptsSoFar + made;
  switch (result.outcome) {
    case 'delivered':
      deliveredTotal.inc();
      return queue.ack(redis, raw, row.id);
    case 'failed':
      failedTotal.inc();
      console.log(`[worker] ${row.id} failed after ${attempts} attempt(s): ${lastError}`);
      return queue.ack(redis, raw, row.id);
    case 'dead-letter':
      deadLetteredTotal.inc();
      console.log(`[worker] ${row.id} dead-lettered after ${attempts} attempt(s): ${lastError}`);
      return queue.deadLetter(redis, raw, { id: row.id, reason: lastError, attempts });
    default: // retry-later
      scheduledTotal.inc();
      return queue.schedule(redis, raw, { id: row.id, enqueuedAt: msg.enqueuedAt, attempts }, Date.now() + result.delayMs);
  }
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

// ---- queue gauges and retries ---------------------------------------------------------------
async function refreshQueueGauges() {
  const s = await withTimeout(queue.stats(redis), 500, 'queue stats');
  queueDepth.set(s.depth);
  delayedSize.set(s.delayed);
  dlqSize.set(s.dead);
  oldestAge.set(s.oldestAgeSeconds);
}

// Messages parked in notifications:delayed go back on the queue when they are due.
let promoting = false;
async function promoteDue() {
  if (promoting || stopping) return;
  promoting = true;
  try {
    while ((await queue.promoteDue(redis)) >= 1000 && !stopping);
  } catch (err) {
    console.error('[worker] cannot move due retries back to the queue:', err.message);
  } finally {
    promoting = false;
  }
}

// ---- start / stop -------------------------------------------------------------------------
let loops = [];
let promoter = null;
async function main() {
  // Node runs as PID 1 in the container: serve() handles SIGTERM and calls stop(). Messages still in
  // processing stay in notifications:processing and are picked up again on restart.
  serve({
    name: 'worker',
    port: PORT,
    health: { queue: () => redis.ping(), db: () => pool.query('SELECT 1') },
    // Queue gauges are read from Redis at scrape time; if Redis does not answer they keep their last value.
    beforeScrape: refreshQueueGauges,
    onShutdown: stop,
  });
  console.log(`[worker] concurrency ${CONCURRENCY}`);
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
  promoter = setInterval(promoteDue, 100);
  loops = Array.from({ length: CONCURRENCY }, (_, i) => loop(i + 1));
}

async function stop() {
  stopping = true;
  clearInterval(promoter);
  await Promise.allSettled(loops);
  await Promise.allSettled([pool.end(), redis.quit()]);
}

main();
