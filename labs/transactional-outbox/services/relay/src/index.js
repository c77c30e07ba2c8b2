'use strict';
// Outbox relay process: runs relayBatch() (relay.js) in a loop and exposes metrics.
// HTTP on :8081: GET /healthz (Postgres + Redis), GET /metrics.

const http = require('node:http');
const { Pool } = require('pg');
const Redis = require('ioredis');
const client = require('prom-client');
const events = require('./events');
const { relayBatch } = require('./relay');

const PORT = Number(process.env.PORT || 8081);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/shop';
const REDIS_URL = process.env.REDIS_URL || 'redis://broker:6379';
const BATCH_SIZE = 100;
const IDLE_MS = 200;
const BACKOFF_MS = [100, 200, 500, 1000]; // after 1, 2, 3, 4+ failures in a row

const pool = new Pool({ connectionString: DATABASE_URL, max: 4, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, query_timeout: 10000 });
pool.on('error', (err) => console.error('[relay] postgres idle client error:', err.message));
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });
redis.on('error', (err) => console.error('[relay] redis error:', err.message));

// ---- metrics ------------------------------------------------------------------------------
client.collectDefaultMetrics();
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
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
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
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'Content-Type': client.register.contentType });
    return res.end(await client.register.metrics());
  }
  if (req.method === 'GET' && path === '/healthz') {
    const checks = {};
    await Promise.all([
      withTimeout(pool.query('SELECT 1'), 1000, 'postgres').then(() => { checks.db = 'ok'; }, (e) => { checks.db = e.message; }),
      withTimeout(redis.ping(), 1000, 'redis').then(() => { checks.broker = 'ok'; }, (e) => { checks.broker = e.message; }),
    ]);
    const ok = checks.db === 'ok' && checks.broker === 'ok';
    res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy', checks }));
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found' }));
});

let running;
server.listen(PORT, '0.0.0.0', () => {
  console.log(`[relay] listening on :${PORT}`);
  running = loop();
});

// Node runs as PID 1 in the container: without a handler SIGTERM would be ignored.
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[relay] ${signal}: shutting down`);
  setTimeout(() => process.exit(0), 5000).unref();
  server.close();
  await running;
  await Promise.allSettled([pool.end(), redis.quit()]);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
