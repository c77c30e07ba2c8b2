'use strict';
// A consumer of the stream orders:events: CONSUMER=inventory or CONSUMER=email (one image, two services).
// Reads with a consumer group named after it (XREADGROUP), hands each entry to handle() (handle.js)
// and acknowledges it (XACK) when handle() resolves. At start, and after any error, it first re-reads
// the entries it was given but did not acknowledge (its pending entries), then new ones.
// HTTP: GET /healthz (Postgres + Redis), GET /metrics.

const { serve, sleep, postgres, redis: redisClient, client } = require('@breakfix/lab-kit');
const { EFFECTS } = require('./effects');
const { handle } = require('./handle');

const CONSUMER = process.env.CONSUMER;
if (!EFFECTS[CONSUMER]) {
  console.error(`[consumer] CONSUMER must be one of ${Object.keys(EFFECTS).join(', ')}, not "${CONSUMER}"`);
  process.exit(2);
}
const PORT = Number(process.env.PORT || 8082);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://breakfix:breakfix@db:5432/shop';
const REDIS_URL = process.env.REDIS_URL || 'redis://broker:6379';
const STREAM = 'orders:events';
const GROUP = CONSUMER;
const NAME = `${CONSUMER}-1`;
const COUNT = 50;
const BLOCK_MS = 1000;
const tag = `[${CONSUMER}]`;

// search_path: handle() names this consumer's tables without their schema.
const pool = postgres(CONSUMER, DATABASE_URL, { options: `-c search_path=${CONSUMER}`, max: 4, idleTimeoutMillis: 0, connectionTimeoutMillis: 5000, query_timeout: 5000 });
const redis = redisClient(CONSUMER, REDIS_URL, { maxRetriesPerRequest: 2, commandTimeout: 2000 });
// XREADGROUP ... BLOCK waits up to BLOCK_MS: its own connection, with a longer timeout.
const reader = redis.duplicate({ commandTimeout: BLOCK_MS + 2000 });
reader.on('error', () => {}); // the main client already logs the same connection errors

// ---- metrics ------------------------------------------------------------------------------
const labels = { consumer: CONSUMER };
const handledTotal = new client.Counter({ name: 'consumer_events_total', help: 'Stream entries handled, by outcome (acked: handle() resolved and XACK sent; failed: handle() threw)', labelNames: ['consumer', 'outcome'] });
const effectsTotal = new client.Counter({ name: 'consumer_effects_applied_total', help: 'applyEffect() calls that resolved', labelNames: ['consumer'] });
['acked', 'failed'].forEach((outcome) => handledTotal.inc({ ...labels, outcome }, 0));
effectsTotal.inc(labels, 0);

async function applyEffect(db, event) {
  const r = await EFFECTS[CONSUMER].apply(db, event);
  effectsTotal.inc(labels);
  return r;
}

// ---- the loop -----------------------------------------------------------------------------
let stopping = false;

function parseEntry([streamId, fields]) {
  const f = {};
  for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  let payload = {};
  try {
    payload = JSON.parse(f.payload);
  } catch {
    /* left empty: the effect will fail and say so */
  }
  return { eventId: f.eventId, type: f.type, orderId: f.orderId, payload, streamId };
}

async function ensureGroup() {
  try {
    await redis.xgroup('CREATE', STREAM, GROUP, '0', 'MKSTREAM');
    console.log(`${tag} created consumer group ${GROUP} on ${STREAM}`);
  } catch (err) {
    if (!/BUSYGROUP/.test(err.message)) throw err;
  }
}

async function loop() {
  let fromPending = true; // first the entries delivered to us before and not acknowledged
  while (!stopping) {
    try {
      const res = await reader.xreadgroup('GROUP', GROUP, NAME, 'COUNT', COUNT, ...(fromPending ? [] : ['BLOCK', BLOCK_MS]), 'STREAMS', STREAM, fromPending ? '0' : '>');
      const entries = res ? res[0][1] : [];
      if (fromPending && entries.length === 0) {
        fromPending = false;
        continue;
      }
      for (const entry of entries) {
        if (stopping) return;
        const event = parseEntry(entry);
        await handle({ pool, applyEffect }, event);
        await redis.xack(STREAM, GROUP, event.streamId);
        handledTotal.inc({ ...labels, outcome: 'acked' });
      }
    } catch (err) {
      if (stopping) return;
      handledTotal.inc({ ...labels, outcome: 'failed' });
      console.error(`${tag} ${err.message}; retrying the unacknowledged entries in 1 s`);
      if (/NOGROUP/.test(err.message)) await ensureGroup().catch(() => {});
      fromPending = true;
      await sleep(1000);
    }
  }
}

// ---- HTTP ---------------------------------------------------------------------------------
let running;
async function main() {
  serve({
    name: CONSUMER,
    port: PORT,
    health: { db: () => pool.query('SELECT 1'), broker: () => redis.ping() },
    // The entry in hand is handled and acknowledged (or fails) before the connections close.
    onShutdown: async () => {
      stopping = true;
      await running;
      await Promise.allSettled([pool.end(), redis.quit(), reader.quit()]);
    },
  });
  for (;;) {
    try {
      await ensureGroup();
      break;
    } catch (err) {
      console.error(`${tag} cannot create the consumer group (${err.message}), retrying`);
      await sleep(1000);
    }
  }
  running = loop();
}

main();
