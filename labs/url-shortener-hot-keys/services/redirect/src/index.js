'use strict';
// The redirect service. GET /:code -> 302 to the link's target, 404 for a code that does not exist, 503
// when it cannot tell. links.js decides where the answer comes from (Redis, Postgres); everything in this
// file is the lab's: the Postgres lookup and what it counts, the metrics, and the fault controls:
//   GET /admin/faults                   -> {dbLatencyMs, flushed, warmed}
//   POST /admin/faults {dbLatencyMs}     every Postgres lookup waits that long inside Postgres (0 to 5000)
//   POST /admin/faults {flush: true}     FLUSHALL: every cached key is gone at once
//   POST /admin/faults {warmup: true}    the deploy's warm-up job: links.warm() with the 100 hottest links;
//                                        500 unless all 100 are in Redis afterwards (keys link:<code>)
//   ({flush: false} and {warmup: false} only clear the flag: what they did to the cache stays done)
//   DELETE /admin/faults                 no latency, flags cleared; POST /admin/reset empties the cache
const { client, counter, integerField, postgres, readJson, redis, sendJson, sendProblem, serve, unknownKeys, withTimeout } = require('@breakfix/lab-kit');
const { createLinks } = require('./links');

const PORT = Number(process.env.PORT || 8080);
const POOL_SIZE = Number(process.env.DB_POOL_SIZE || 4);
const WARMUP_TOP = 100;
const CODE = /^[A-Za-z0-9_-]{1,64}$/;

// links.js's connections; the lab's own (faults, gauges) are separate, so that a busy pool or a
// stuck command never holds up a fault or a scrape.
const pool = postgres('redirect', process.env.DATABASE_URL, { max: POOL_SIZE });
const cache = redis('redirect', process.env.REDIS_URL);
const adminDb = postgres('redirect-admin', process.env.DATABASE_URL, { max: 1 });
const adminCache = redis('redirect-admin', process.env.REDIS_URL, { commandTimeout: 1000 });

const answers = counter('redirect_requests_total', 'GET /:code answered, by outcome', ['outcome'],
  [{ outcome: 'redirect' }, { outcome: 'not_found' }, { outcome: 'error' }]);
const asked = counter('redirect_db_queries_total', 'Postgres lookups links.js asked for (counted when asked, before a pool connection is free)');
const lookups = new client.Histogram({
  name: 'redirect_db_query_duration_seconds',
  help: 'Postgres lookups from asked to answered, by result (found, missing, error)',
  labelNames: ['result'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
['found', 'missing', 'error'].forEach((result) => lookups.zero({ result }));
const duplicates = counter('redirect_db_duplicate_queries_total', 'Postgres lookups asked for a code while another lookup of the same code was still running');
const poolWaiting = new client.Gauge({ name: 'redirect_db_pool_waiting', help: 'Lookups waiting for a free Postgres connection' });
const cacheKeys = new client.Gauge({ name: 'redirect_cache_keys', help: 'Keys in Redis (DBSIZE)' });

// The promise to link owners: a changed, deleted or new link is seen within CACHE_TTL_SECONDS, so no
// cached answer ("this target" or "no such link") may live longer. Each scrape samples keys at random
// and reports the longest remaining TTL; a key that never expires counts as NO_EXPIRY_SECONDS.
const TTL_SAMPLE = 50;
const NO_EXPIRY_SECONDS = 1e9;
const LONGEST_TTL = `local longest = 0
for i = 1, tonumber(ARGV[1]) do
  local k = redis.call('RANDOMKEY')
  if not k then break end
  local ms = redis.call('PTTL', k)
  if ms == -1 then return -1 end
  if ms > longest then longest = ms end
end
return longest`;
const cacheTtl = new client.Gauge({
  name: 'redirect_cache_ttl_max_seconds',
  help: `Longest remaining TTL among ${TTL_SAMPLE} keys sampled at random at each scrape (a key with no expiry counts as ${NO_EXPIRY_SECONDS} s)`,
});

/** The Postgres lookup links.js gets: the target of `code`, or null. */
const running = new Map(); // code -> its lookups running now
const db = {
  async find(code) {
    asked.inc();
    if (running.has(code)) duplicates.inc();
    running.set(code, (running.get(code) || 0) + 1);
    const done = lookups.startTimer();
    try {
      const { rows } = await pool.query('SELECT find_link($1) AS target', [code]);
      done({ result: rows[0].target === null ? 'missing' : 'found' });
      return rows[0].target;
    } catch (err) {
      done({ result: 'error' });
      throw err;
    } finally {
      if (running.get(code) > 1) running.set(code, running.get(code) - 1);
      else running.delete(code);
    }
  },
};

const links = createLinks({ cache, db });

let lastLoggedError = 0;
async function redirect(req, res, { code }) {
  try {
    const target = CODE.test(code) ? await links.resolve(code) : null;
    if (target) {
      res.writeHead(302, { Location: target, 'Content-Length': '0' });
      res.end();
      answers.inc({ outcome: 'redirect' });
    } else {
      sendJson(res, 404, { error: `no link ${code}` });
      answers.inc({ outcome: 'not_found' });
    }
  } catch (err) {
    answers.inc({ outcome: 'error' });
    if (Date.now() - lastLoggedError > 1000) {
      lastLoggedError = Date.now();
      console.error(`[redirect] GET /${code} failed: ${err.message}`);
    }
    if (!res.headersSent) sendJson(res, 503, { error: err.message });
  }
}

// ---- the lab's fault controls --------------------------------------------------------------------
const faults = { dbLatencyMs: 0, flushed: false, warmed: false };

async function setDbLatency(ms) {
  await adminDb.query('UPDATE db_faults SET latency_ms = $1', [ms]);
  faults.dbLatencyMs = ms;
}

async function postFaults(req, res) {
  const { value, problem } = await readJson(req, res, { limit: 1024 });
  if (problem) return sendProblem(res, problem);
  const bad = unknownKeys(value, ['dbLatencyMs', 'flush', 'warmup']) || integerField(value, 'dbLatencyMs', { min: 0, max: 5000, required: false })
    || ['flush', 'warmup'].filter((f) => value[f] !== undefined && typeof value[f] !== 'boolean').map((f) => ({ status: 400, error: `"${f}" must be true or false`, field: f }))[0];
  if (bad) return sendProblem(res, bad);
  const ms = value.dbLatencyMs;
  if (ms !== undefined) await setDbLatency(ms);
  if (value.flush === true) await adminCache.flushall();
  if (value.flush !== undefined) faults.flushed = value.flush;
  if (value.warmup === true) {
    const { rows } = await adminDb.query('SELECT code, target FROM links ORDER BY clicks DESC LIMIT $1', [WARMUP_TOP]);
    await links.warm(rows);
    const cached = await adminCache.exists(...rows.map((r) => `link:${r.code}`));
    if (cached < rows.length) {
      return sendJson(res, 500, { error: `the warm-up job left ${rows.length - cached} of ${rows.length} links out of Redis: links.warm() must cache every link it is given, under link:<code>` });
    }
  }
  if (value.warmup !== undefined) faults.warmed = value.warmup;
  sendJson(res, 200, faults);
}

serve({
  name: 'redirect',
  port: PORT,
  routes: {
    'GET /:code': redirect,
    'GET /admin/faults': (req, res) => sendJson(res, 200, faults),
    'POST /admin/faults': postFaults,
    'DELETE /admin/faults': async (req, res) => {
      await setDbLatency(0);
      Object.assign(faults, { flushed: false, warmed: false });
      sendJson(res, 200, faults);
    },
    'POST /admin/reset': async (req, res) => {
      await adminCache.flushall();
      sendJson(res, 200, { reset: true });
    },
  },
  health: { db: () => adminDb.query('SELECT 1') },
  beforeScrape: async () => {
    poolWaiting.set(pool.waitingCount);
    // Redis may be paused (a fault): a scrape never waits for it.
    cacheKeys.set(await withTimeout(adminCache.dbsize(), 200, 'redis DBSIZE'));
    const longestMs = await withTimeout(adminCache.eval(LONGEST_TTL, 0, TTL_SAMPLE), 200, 'redis TTL sample');
    cacheTtl.set(longestMs === -1 ? NO_EXPIRY_SECONDS : longestMs / 1000);
  },
  onShutdown: () => Promise.all([pool.end(), adminDb.end(), cache.quit(), adminCache.quit()]),
});
