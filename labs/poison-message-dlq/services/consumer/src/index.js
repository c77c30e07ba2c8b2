'use strict';
// Order consumer. CONSUMER_CONCURRENCY loops, each a consumer of the group `fulfilment` on the
// stream `orders`. Each loop, over and over:
//   1. claims up to BATCH_SIZE pending messages that have been idle for VISIBILITY_TIMEOUT_MS
//      (XAUTOCLAIM: their consumer is slow, crashed, or never acknowledged them), or else
//   2. reads up to BATCH_SIZE new messages (XREADGROUP ... >, blocking 1 s),
// then hands the batch to consume() in consume.js. What is acknowledged is done; everything else
// comes back after the visibility timeout.
// Any number of consumers may run (docker compose up --scale consumer=3): the group shares the stream
// among every loop of every consumer, and tools.withLock is a Redis lock they all see.
// HTTP on :8082: GET /healthz, GET /metrics.

const os = require('node:os');
const { serve, sleep, redis: redisClient, client, counter } = require('@breakfix/lab-kit');
const stream = require('./stream');
const { consume } = require('./consume');

const PORT = Number(process.env.PORT || 8082);
const REDIS_URL = process.env.REDIS_URL || 'redis://queue:6379';
const CONCURRENCY = Math.max(1, Number(process.env.CONSUMER_CONCURRENCY || 2));
const BATCH_SIZE = Math.max(1, Number(process.env.BATCH_SIZE || 10));
const VISIBILITY_TIMEOUT_MS = Math.max(100, Number(process.env.VISIBILITY_TIMEOUT_MS || 3000));
// A lock expires this long after it was taken, so a consumer killed while holding it blocks its key for
// at most 10 s. Longer than any booking (the slow ledger answers after 4 s), so it never expires mid-booking.
const LOCK_TTL_MS = 10000;
const LOCK_POLL_MS = 5;
// Deletes the lock only if it is still ours (it may have expired and been taken by another holder).
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

const redis = redisClient('consumer', REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });

// ---- metrics ------------------------------------------------------------------------------
const receivesTotal = counter('consumer_receives_total', 'Messages handed to consume(), by delivery (first or redelivery)', ['delivery'], [{ delivery: 'first' }, { delivery: 'redelivery' }]);
const ackedTotal = counter('consumer_acked_total', 'Messages acknowledged (done)');
const deadLetteredTotal = counter('consumer_dead_lettered_total', 'Messages moved to the dead-letter queue orders:dlq');
const batchErrorsTotal = counter('consumer_batch_errors_total', 'Batches whose consume() threw');
const inFlight = new client.Gauge({ name: 'consumer_in_flight', help: 'Messages in batches being consumed right now' });
const pendingGauge = new client.Gauge({ name: 'consumer_pending', help: 'Messages delivered but not acknowledged (the group\'s pending entries list)' });
const lagGauge = new client.Gauge({ name: 'consumer_lag', help: 'Messages in the stream not yet delivered to any consumer' });
const dlqGauge = new client.Gauge({ name: 'consumer_dlq_size', help: 'Messages in the dead-letter queue orders:dlq' });
const maxReceivesGauge = new client.Gauge({ name: 'consumer_pending_max_receives', help: 'The most deliveries of any message still pending' });
const oldestGauge = new client.Gauge({ name: 'consumer_oldest_message_age_seconds', help: 'Age of the oldest message not yet acknowledged: pending or not delivered yet (0 when none)' });
new client.Gauge({ name: 'consumer_concurrency', help: 'CONSUMER_CONCURRENCY: number of consumer loops' }).set(CONCURRENCY);
const lockWaitSeconds = counter('consumer_lock_wait_seconds_total', 'Seconds consumer loops spent waiting for a lock (tools.withLock)');
const locksTotal = counter('consumer_locks_total', 'Locks taken with tools.withLock');

const tools = {
  async ack(msgs) {
    const list = (Array.isArray(msgs) ? msgs : [msgs]).filter(Boolean);
    if (!list.length) return;
    await stream.ack(redis, list.map((m) => m.id));
    ackedTotal.inc(list.length);
  },
  async deadLetter(msg, reason) {
    await stream.deadLetter(redis, msg, reason);
    deadLetteredTotal.inc();
    console.log(`[consumer] ${msg.id} dead-lettered after ${msg.receives} receive(s): ${reason}`);
  },
  /**
   * Runs fn while holding the Redis lock `key`, shared by every loop of every consumer: SET key NX with a
   * 10 s expiry, polled every 5 ms until it is free; released (only if still ours) when fn settles.
   * Returns what fn returns; fn's error is thrown after the release.
   */
  async withLock(key, fn) {
    const name = `lock:${String(key)}`;
    const token = `${os.hostname()}-${process.pid}-${Math.random()}`;
    const t0 = Date.now();
    while (!(await redis.set(name, token, 'PX', LOCK_TTL_MS, 'NX'))) await sleep(LOCK_POLL_MS);
    lockWaitSeconds.inc((Date.now() - t0) / 1000);
    locksTotal.inc();
    try {
      return await fn();
    } finally {
      await redis.eval(RELEASE, 1, name, token).catch(() => {});
    }
  },
};

let stopping = false;

async function loop(n) {
  const name = `${os.hostname()}-${n}`;
  const conn = redis.duplicate({ commandTimeout: undefined }); // XREADGROUP blocks: one connection per loop
  conn.on('error', () => {});
  while (!stopping) {
    let batch;
    try {
      batch = await stream.claimStale(conn, name, VISIBILITY_TIMEOUT_MS, BATCH_SIZE);
      if (!batch.length) batch = await stream.readNew(conn, name, BATCH_SIZE, 1000);
      if (!batch.length) continue;
      await stream.countReceives(redis, batch);
    } catch (err) {
      if (String(err.message).includes('NOGROUP')) await stream.ensureGroup(redis).catch(() => {});
      else console.error(`[consumer] loop ${n}: cannot read the stream: ${err.message}`);
      await sleep(500);
      continue;
    }
    for (const msg of batch) receivesTotal.inc({ delivery: msg.receives > 1 ? 'redelivery' : 'first' });
    inFlight.inc(batch.length);
    try {
      await consume(batch, tools);
    } catch (err) {
      batchErrorsTotal.inc();
      console.error(`[consumer] loop ${n}: batch of ${batch.length} failed (${err.message}); what was not acknowledged comes back after ${VISIBILITY_TIMEOUT_MS} ms`);
    } finally {
      inFlight.dec(batch.length);
    }
  }
  conn.disconnect();
}

async function refreshGauges() {
  const s = await stream.stats(redis);
  pendingGauge.set(s.pending);
  lagGauge.set(s.lag);
  dlqGauge.set(s.dlq);
  maxReceivesGauge.set(s.maxReceives);
  oldestGauge.set(s.oldestAgeSeconds);
}

let loops = [];
async function main() {
  serve({
    name: 'consumer',
    port: PORT,
    health: { redis: () => redis.ping() },
    beforeScrape: refreshGauges,
    // Node runs as PID 1 in the container: the kit stops the server on SIGTERM, then the loops finish
    // their batches (what they did not acknowledge comes back after the visibility timeout).
    onShutdown: async () => {
      stopping = true;
      await Promise.allSettled(loops);
      await redis.quit().catch(() => {});
    },
  });
  console.log(`[consumer] ${CONCURRENCY} loops, batches of ${BATCH_SIZE}, visibility timeout ${VISIBILITY_TIMEOUT_MS} ms`);
  for (;;) {
    try {
      await stream.ensureGroup(redis);
      break;
    } catch (err) {
      console.error(`[consumer] cannot create the consumer group (${err.message}), retrying`);
      await sleep(1000);
    }
  }
  loops = Array.from({ length: CONCURRENCY }, (_, i) => loop(i + 1));
}

main();
