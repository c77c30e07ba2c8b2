'use strict';
// Checkout clients: places `requests` orders at `rate` per second on `target`. Every order gets its own id
// (a UUID), and an order that gets a 5xx, a timeout or no answer is sent again with the SAME id after a
// backoff (0.25 s, 0.5 s, 1 s, 2 s, 4 s, 4 s ...), up to maxAttempts times. Except that one customer in
// giveUpEvery gives up after a failed first attempt (order n with n % giveUpEvery == 0), as real
// customers do. Resolves with the summary:
//   {"sent","accepted","rejected","errors","retries","durationSeconds","achievedRate",
//    "latencyMs":{"p50","p95","p99","max"},"statusCodes":{..}}
//   sent = orders, accepted = orders placed (201, or 200 for a retry of a placed order),
//   rejected = orders answered 4xx, errors = orders not placed (given up, or maxAttempts failed),
//   latencyMs = from the first attempt to the final answer, retries included.

const { randomUUID } = require('node:crypto');
const { latencySummary } = require('@breakfix/lab-kit');

const SKUS = ['tea-green', 'tea-black', 'mug-blue', 'kettle', 'teapot'];

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

async function checkoutClients({ target, requests, rate, signal, onSent = () => {}, maxAttempts = 8, timeoutMs = 3000, giveUpEvery = 5 }) {
  const statusCodes = {};
  let retries = 0;

  /** One attempt: the HTTP status, or 'timeout' / 'network'. */
  async function attempt(order) {
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(order),
        signal: AbortSignal.timeout(timeoutMs),
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
    const attempts = n % giveUpEvery === 0 ? 1 : maxAttempts;
    for (let a = 1; ; a++) {
      const status = await attempt(order);
      statusCodes[status] = (statusCodes[status] || 0) + 1;
      if (status === 200 || status === 201) return 'accepted';
      if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) return 'rejected';
      if (a >= attempts || signal?.aborted) return 'error';
      retries++;
      await sleep(Math.min(4000, 250 * 2 ** (a - 1)), signal);
    }
  }

  const start = performance.now();
  const outcomes = { accepted: 0, rejected: 0, error: 0 };
  const latencies = [];
  const all = [];
  let sent = 0;
  for (let n = 0; n < requests && !signal?.aborted; n++) {
    const wait = start + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal?.aborted) break;
    sent++;
    onSent(sent);
    all.push((async () => {
      const t = performance.now();
      const outcome = await place(n + 1);
      latencies.push(performance.now() - t);
      outcomes[outcome]++;
    })());
  }
  await Promise.all(all);
  const durationSeconds = (performance.now() - start) / 1000;
  return {
    sent,
    accepted: outcomes.accepted,
    rejected: outcomes.rejected,
    errors: outcomes.error,
    retries,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    achievedRate: Math.round((sent / durationSeconds) * 100) / 100,
    latencyMs: latencySummary(latencies),
    target: { requests, rate, url: target },
    statusCodes,
  };
}

module.exports = { checkoutClients };
