'use strict';
// One-shot load generator (autocannon). Sends REQUESTS notifications, each with a distinct body,
// at RATE requests per second to TARGET_URL, then prints a JSON summary as its LAST line of stdout:
//   {"sent","accepted","rejected","errors","durationSeconds","achievedRate",
//    "latencyMs":{"p50","p95","p99","max"},"target":{"requests","rate","url"},"statusCodes":{..}}
//   accepted = 2xx answers, rejected = any other HTTP answer, errors = no answer (timeout, connection).
//   durationSeconds runs from the first request sent to the last answer received.
//
// How the rate is held: each autocannon connection sends one request per second, and the
// connections are split into SLOTS autocannon instances started 1/SLOTS s apart, so requests
// arrive in small groups every 50 ms instead of one burst at the top of each second.
//
//   docker compose -p breakfix-notification-retry-storm run --rm -e REQUESTS=1000 -e RATE=100 load

const autocannon = require('autocannon');

const REQUESTS = positiveInt('REQUESTS', 6000);
const RATE = positiveInt('RATE', 250);
const TARGET_URL = process.env.TARGET_URL || 'http://api:8080/notifications';
const TIMEOUT_SECONDS = positiveInt('TIMEOUT_SECONDS', 10);
const SLOTS = Math.min(20, RATE, REQUESTS);

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Math.round(Number(raw));
  if (!Number.isFinite(n) || n < 1) {
    console.error(`[load] ${name} must be a positive number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

// Every request gets a distinct body: autocannon calls setupRequest before each request.
// (autocannon's idReplacement is not used: it assumes a fixed id length and can send a wrong
// Content-Length.)
const RUN_ID = Date.now().toString(36);
let seq = 0;
function setupRequest(req) {
  const n = ++seq;
  return {
    ...req,
    body: JSON.stringify({
      to: `user-${n}@example.com`,
      channel: 'email',
      body: `Your one-time code for request ${RUN_ID}-${n} is ${String((n * 7919) % 1000000).padStart(6, '0')}`,
    }),
  };
}

/** Connection c (0 .. min(RATE, REQUESTS)-1) sends this many requests, one per second. */
function perConnection(connections, c) {
  return Math.floor(REQUESTS / connections) + (c < REQUESTS % connections ? 1 : 0);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[i]);
}
const round = (x) => Math.round(x * 100) / 100;

async function main() {
  const connections = Math.min(RATE, REQUESTS);
  // Contiguous blocks of connections per slot: the first slots get the extra requests, so the last
  // (partial) second is filled from its start.
  const slots = [];
  for (let j = 0; j < SLOTS; j++) {
    const from = Math.floor((j * connections) / SLOTS);
    const to = Math.floor(((j + 1) * connections) / SLOTS);
    let amount = 0;
    for (let c = from; c < to; c++) amount += perConnection(connections, c);
    if (to > from) slots.push({ connections: to - from, amount, delayMs: (j * 1000) / SLOTS });
  }

  console.log(`[load] ${REQUESTS} requests at ${RATE}/s to ${TARGET_URL} (${connections} connections in ${slots.length} staggered groups)`);

  const latencies = new Float64Array(REQUESTS + 1000);
  let answered = 0;
  let accepted = 0;
  let rejected = 0;
  let errors = 0;
  const statusCodes = {};
  let sent = 0;
  let firstAt = null;
  let lastAt = null;

  const runSlot = ({ connections: conns, amount, delayMs }) => new Promise((resolve, reject) => {
    setTimeout(() => {
      if (firstAt === null) firstAt = performance.now();
      const instance = autocannon({
        url: TARGET_URL,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest }],
        connections: conns,
        connectionRate: 1,
        amount,
        timeout: TIMEOUT_SECONDS,
      }, (err, result) => {
        if (err) return reject(err);
        sent += result.requests.sent;
        resolve(result);
      });
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        lastAt = performance.now();
        if (answered < latencies.length) latencies[answered] = responseTime;
        answered++;
        statusCodes[statusCode] = (statusCodes[statusCode] || 0) + 1;
        if (statusCode >= 200 && statusCode < 300) accepted++;
        else rejected++;
      });
      instance.on('reqError', () => {
        lastAt = performance.now();
        errors++;
      });
    }, delayMs);
  });

  await Promise.all(slots.map(runSlot));

  const sorted = Array.from(latencies.subarray(0, Math.min(answered, latencies.length))).sort((a, b) => a - b);
  const durationSeconds = firstAt === null || lastAt === null ? 0 : (lastAt - firstAt) / 1000;
  const total = accepted + rejected + errors;
  const summary = {
    sent: Math.max(sent, total),
    accepted,
    rejected,
    errors,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    achievedRate: durationSeconds > 0 ? round(total / durationSeconds) : 0,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? round(sorted[sorted.length - 1]) : null,
    },
    target: { requests: REQUESTS, rate: RATE, url: TARGET_URL },
    statusCodes,
  };
  console.log(`[load] done: ${accepted} accepted, ${rejected} rejected, ${errors} errors in ${summary.durationSeconds} s (${summary.achievedRate}/s)`);
  console.log(JSON.stringify(summary));
}

main().catch((err) => {
  console.error('[load] failed:', err && err.stack ? err.stack : err);
  process.exit(1);
});
