'use strict';
// One-shot load: places REQUESTS orders at RATE per second on TARGET_URL, like checkout clients:
// every order gets its own id (a UUID), and an order that gets a 5xx, a timeout or no answer is sent
// again with the SAME id after a backoff (0.25 s, 0.5 s, 1 s, 2 s, 4 s, 4 s ...), up to MAX_ATTEMPTS times.
// Except that one customer in GIVE_UP_EVERY gives up after a failed first attempt (order n with
// n % GIVE_UP_EVERY == 0), as real customers do.
// Its LAST line of stdout is a JSON summary:
//   {"sent","accepted","rejected","errors","retries","durationSeconds","achievedRate",
//    "latencyMs":{"p50","p95","p99","max"},"statusCodes":{..}}
//   sent = orders, accepted = orders placed (201, or 200 for a retry of a placed order),
//   rejected = orders answered 4xx, errors = orders not placed (given up, or MAX_ATTEMPTS failed),
//   latencyMs = from the first attempt to the final answer, retries included.
//
//   docker compose -p breakfix-transactional-outbox run --rm -e REQUESTS=200 -e RATE=20 load

const { randomUUID } = require('node:crypto');

const REQUESTS = positiveInt('REQUESTS', 600);
const RATE = positiveInt('RATE', 20);
const TARGET_URL = process.env.TARGET_URL || 'http://orders:8080/orders';
const MAX_ATTEMPTS = positiveInt('MAX_ATTEMPTS', 8);
const TIMEOUT_MS = positiveInt('TIMEOUT_MS', 3000);
const GIVE_UP_EVERY = positiveInt('GIVE_UP_EVERY', 5);
const SKUS = ['tea-green', 'tea-black', 'mug-blue', 'kettle', 'teapot'];

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const statusCodes = {};
let retries = 0;

/** One attempt: the HTTP status, or 'timeout' / 'network'. */
async function attempt(order) {
  try {
    const res = await fetch(TARGET_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    return err.name === 'TimeoutError' ? 'timeout' : 'network';
  }
}

/** Places one order with retries: 'accepted' | 'rejected' | 'error'. */
async function place(n) {
  const order = { id: randomUUID(), customer: `customer-${n}@example.com`, sku: SKUS[n % SKUS.length], qty: 1 + (n % 3) };
  const attempts = n % GIVE_UP_EVERY === 0 ? 1 : MAX_ATTEMPTS;
  for (let a = 1; ; a++) {
    const status = await attempt(order);
    statusCodes[status] = (statusCodes[status] || 0) + 1;
    if (status === 200 || status === 201) return 'accepted';
    if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) return 'rejected';
    if (a >= attempts) return 'error';
    retries++;
    await sleep(Math.min(4000, 250 * 2 ** (a - 1)));
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] * 100) / 100;
}

async function main() {
  console.log(`[load] ${REQUESTS} orders at ${RATE}/s to ${TARGET_URL} (retries up to ${MAX_ATTEMPTS} attempts with the same order id; 1 customer in ${GIVE_UP_EVERY} gives up after one failure)`);
  const start = performance.now();
  const outcomes = { accepted: 0, rejected: 0, error: 0 };
  const latencies = [];
  const all = [];
  for (let n = 0; n < REQUESTS; n++) {
    const due = start + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    all.push(
      (async () => {
        const t = performance.now();
        const outcome = await place(n + 1);
        latencies.push(performance.now() - t);
        outcomes[outcome]++;
      })(),
    );
    if ((n + 1) % (RATE * 5) === 0) console.log(`[load] ${n + 1} orders sent`);
  }
  await Promise.all(all);
  const durationSeconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const summary = {
    sent: REQUESTS,
    accepted: outcomes.accepted,
    rejected: outcomes.rejected,
    errors: outcomes.error,
    retries,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    achievedRate: Math.round((REQUESTS / durationSeconds) * 100) / 100,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: percentile(latencies, 100) },
    target: { requests: REQUESTS, rate: RATE, url: TARGET_URL },
    statusCodes,
  };
  console.log(`[load] done: ${summary.accepted} placed, ${summary.rejected} rejected, ${summary.errors} not placed, ${retries} retries, in ${summary.durationSeconds} s`);
  console.log(JSON.stringify(summary));
}

main().catch((err) => {
  console.error('[load] failed:', err && err.stack ? err.stack : err);
  process.exit(1);
});
