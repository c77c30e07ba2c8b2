'use strict';
// Outbox relay process: runs relayBatch() (relay.js) in a loop and exposes metrics.
// HTTP on :8081: GET /healthz (Postgres + Redis), GET /metrics.

const { serve, sleep, postgres, redis: redisClient, client } = require('@breakfix/lab-kit');
const events = require('./events');
const { relayBatch } = require('./relay');

const PORT = Number(process.env.PORT || 8081);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/shop';
const REDIS_URL = process.env.REDIS_URL || 'redis://broker:6379';
const BATCH_SIZE = 100;
const IDLE_MS = 200;
const BACKOFF_MS = [100, 200, 500, 1000]; // after 1, 2, 3, 4+ failures in a row

// The relay's own settings, as before the kit: a query may take 10 s (the kit's default is 5 s).
const pool = postgres('relay', DATABASE_URL, { max: 4, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, query_timeout: 10000 });
const redis = redisClient('relay', REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });

// ---- metrics ------------------------------------------------------------------------------
const publishedTotal = new client.Counter({ name: 'events_published_total', help: 'XADDs confirmed by Redis, by publisher', labelNames: ['publisher'] });
const publishFailedTotal = new client.Counter({ name: 'events_publish_failed_total', help: 'XADDs that failed or got no answer, by publisher', labelNames: ['publisher'] });
const batchesTotal = new client.Counter({ name: 'relay_batches_total', help: 'relayBatch() calls by outcome (rows: handled some rows, empty, error)', labelNames: ['outcome'] });
const rowsTotal = new client.Counter({ name: 'relay_rows_total', help: 'Outbox rows relayBatch() reported as handled' });
const holding = new client.Gauge({ name: 'relay_publishing', help: 'Publishes in flight right now (the relay holds a batch)' });
publishedTotal.inc({ publisher: 'relay' }, 0);
publishFailedTotal.inc({ publisher: 'relay' }, 0);
['rows', 'empty', 'error'].forEach((outcome) => batchesTotal.inc({ outcome }, 0));

async function publish(row) {
  holding.inc();
  try {
    const id = await events.publish(redis, { eventId: row.event_id, type: row.type, orderId: row.aggregate_id, payload: row.payload });
    publishedTotal.inc({ publisher: 'relay' });
    return id;
  } catch (err) {
    publishFailedTotal.inc({ publisher: 'relay' });
    throw err;
  } finally {
    holding.dec();
  }
}

// ---- the loop -----------------------------------------------------------------------------
let stopping = false;

async function loop() {
  let failures = 0;
  while (!stopping) {
    try {
      const n = await relayBatch({ pool, publish, batchSize: BATCH_SIZE });
      failures = 0;
      batchesTotal.inc({ outcome: n > 0 ? 'rows' : 'empty' });
      if (n > 0) rowsTotal.inc(n);
      else await sleep(IDLE_MS);
    } catch (err) {
      batchesTotal.inc({ outcome: 'error' });
      console.error(`[relay] batch failed: ${err.message}`);
      await sleep(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
    }
  }
}

// ---- HTTP ---------------------------------------------------------------------------------
let running;
const server = serve({
  name: 'relay',
  port: PORT,
  health: { db: () => pool.query('SELECT 1'), broker: () => redis.ping() },
  // The batch in hand is finished (or fails) before the connections close.
  onShutdown: async () => {
    stopping = true;
    await running;
    await Promise.allSettled([pool.end(), redis.quit()]);
  },
});
server.once('listening', () => {
  running = loop();
});
