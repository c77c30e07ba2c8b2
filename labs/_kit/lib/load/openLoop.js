'use strict';
// Open-loop load with autocannon: `requests` POSTs at `rate` per second to `target`, each with its own
// body from makeBody(n), whatever the answers; resolves with the summary:
//   {"sent","accepted","rejected","errors","durationSeconds","achievedRate","latencyMs":{"p50","p95","p99","max"},"statusCodes":{..}}
//   accepted = 2xx answers, rejected = any other HTTP answer, errors = no answer (timeout, connection).
//   durationSeconds runs from the first request sent to the last answer received.
//
// How the rate is held: each autocannon connection sends one request per second, and the connections
// are split into SLOTS autocannon instances started 1/SLOTS s apart, so requests arrive in small groups
// every 50 ms instead of one burst at the top of each second.

const autocannon = require('autocannon');
const { latencySummary } = require('./pace');

const round = (x) => Math.round(x * 100) / 100;

function openLoop({ target, requests, rate, signal, onSent = () => {}, makeBody, timeoutSeconds = 10 }) {
  const connections = Math.min(rate, requests);
  const SLOTS = Math.min(20, rate, requests);
  /** Connection c sends this many requests, one per second. */
  const perConnection = (c) => Math.floor(requests / connections) + (c < requests % connections ? 1 : 0);
  // Contiguous blocks of connections per slot: the first slots get the extra requests, so the last
  // (partial) second is filled from its start.
  const slots = [];
  for (let j = 0; j < SLOTS; j++) {
    const from = Math.floor((j * connections) / SLOTS);
    const to = Math.floor(((j + 1) * connections) / SLOTS);
    let amount = 0;
    for (let c = from; c < to; c++) amount += perConnection(c);
    if (to > from) slots.push({ connections: to - from, amount, delayMs: (j * 1000) / SLOTS });
  }

  // Every request gets its own body: autocannon calls setupRequest before each request. (autocannon's
  // idReplacement is not used: it assumes a fixed id length and can send a wrong Content-Length.)
  let seq = 0;
  const setupRequest = (req) => ({ ...req, body: JSON.stringify(makeBody(++seq)) });

  const latencies = new Float64Array(requests + 1000);
  let answered = 0;
  let accepted = 0;
  let rejected = 0;
  let errors = 0;
  const statusCodes = {};
  let firstAt = null;
  let lastAt = null;
  const instances = [];
  const timers = [];
  const stop = () => {
    timers.forEach(clearTimeout);
    instances.forEach((i) => i.stop());
  };
  signal?.addEventListener('abort', stop, { once: true });

  const runSlot = ({ connections: conns, amount, delayMs }) => new Promise((resolve, reject) => {
    timers.push(setTimeout(() => {
      if (signal?.aborted) return resolve();
      if (firstAt === null) firstAt = performance.now();
      const instance = autocannon({
        url: target,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest }],
        connections: conns,
        connectionRate: 1,
        amount,
        timeout: timeoutSeconds,
      }, (err) => (err ? reject(err) : resolve()));
      instances.push(instance);
      const answer = () => {
        lastAt = performance.now();
        onSent(accepted + rejected + errors);
      };
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (answered < latencies.length) latencies[answered] = responseTime;
        answered++;
        statusCodes[statusCode] = (statusCodes[statusCode] || 0) + 1;
        if (statusCode >= 200 && statusCode < 300) accepted++;
        else rejected++;
        answer();
      });
      instance.on('reqError', () => {
        errors++;
        answer();
      });
    }, delayMs));
  });

  return Promise.all(slots.map(runSlot)).then(() => {
    signal?.removeEventListener('abort', stop);
    const durationSeconds = firstAt === null || lastAt === null ? 0 : (lastAt - firstAt) / 1000;
    const total = accepted + rejected + errors;
    return {
      sent: total,
      accepted,
      rejected,
      errors,
      durationSeconds: Math.round(durationSeconds * 1000) / 1000,
      achievedRate: durationSeconds > 0 ? round(total / durationSeconds) : 0,
      latencyMs: latencySummary(latencies.subarray(0, Math.min(answered, latencies.length))),
      target: { requests, rate, url: target },
      statusCodes,
    };
  });
}

module.exports = { openLoop };
