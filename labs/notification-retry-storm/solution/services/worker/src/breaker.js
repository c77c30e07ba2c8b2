'use strict';
// Circuit breaker around the provider, shared by every worker loop in this process.
//
//   closed     calls go through. FAILURE_THRESHOLD retryable failures in a row (5xx, timeout,
//              network error) open it. A 4xx does not count: the provider is up, the request is bad.
//              20, not 10: at a 50% error rate (a partial failure, which retries with backoff ride out)
//              ten failures in a row happen every few seconds at a few hundred calls/s, and the breaker
//              would stall every loop for OPEN_MS; twenty in a row almost never happen (0.5^20). A
//              provider that is down fails twenty calls in a few tens of milliseconds.
//   open       no call goes out. Callers wait (their worker loop idles) until OPEN_MS has passed.
//   half-open  exactly one call goes out as a probe. Success closes the breaker and releases every
//              waiting caller; failure opens it again for another OPEN_MS.
//
// While the breaker is open the loops stop taking messages, so the backlog waits in the queue
// (visible as depth and age) instead of turning into provider calls. Exposed as worker_breaker_state
// (0 closed, 1 half-open, 2 open) and worker_breaker_opened_total.

const client = require('prom-client');

const FAILURE_THRESHOLD = Number(process.env.BREAKER_FAILURE_THRESHOLD || 20);
const OPEN_MS = Number(process.env.BREAKER_OPEN_MS || 2000);

const STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 };
let state = 'closed';
let consecutiveFailures = 0;
let openUntil = 0;
let probeStartedAt = 0;
const PROBE_STALE_MS = 15000; // a probe that never reported back (a bug) must not wedge the breaker
let waiters = []; // resolve functions of callers waiting for a state change

new client.Gauge({
  name: 'worker_breaker_state',
  help: 'Provider circuit breaker: 0 closed, 1 half-open, 2 open',
  collect() { this.set(STATE_VALUE[state]); },
});
const openedTotal = new client.Counter({ name: 'worker_breaker_opened_total', help: 'Times the provider circuit breaker opened' });

function wakeAll() {
  const w = waiters;
  waiters = [];
  w.forEach((resolve) => resolve());
}

function waitForChange(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(1, ms));
    waiters.push(() => { clearTimeout(timer); resolve(); });
  });
}

function open() {
  if (state !== 'open') openedTotal.inc();
  state = 'open';
  openUntil = Date.now() + OPEN_MS;
  wakeAll(); // waiters re-check and wait for openUntil
}

/**
 * Resolves when this caller may call the provider. Returns true when the call is the half-open probe.
 * Never rejects: while the provider is known to be down the caller simply waits.
 */
async function acquire() {
  for (;;) {
    if (state === 'closed') return false;
    const now = Date.now();
    if ((state === 'open' && now >= openUntil) || (state === 'half-open' && now - probeStartedAt > PROBE_STALE_MS)) {
      state = 'half-open';
      probeStartedAt = now;
      return true; // this caller is the probe; everyone else waits for its result
    }
    await waitForChange(state === 'open' ? openUntil - Date.now() : OPEN_MS);
  }
}

/** The provider answered (2xx, or a 4xx that says nothing about its health). */
function onSuccess() {
  consecutiveFailures = 0;
  if (state !== 'closed') {
    state = 'closed';
    console.log('[worker] circuit breaker closed: the provider answers again');
    wakeAll();
  }
}

/** A retryable failure: 5xx, timeout or network error. */
function onFailure() {
  consecutiveFailures++;
  if (state === 'half-open') {
    open();
  } else if (state === 'closed' && consecutiveFailures >= FAILURE_THRESHOLD) {
    console.log(`[worker] circuit breaker open after ${consecutiveFailures} failures in a row`);
    open();
  }
}

function currentState() {
  return state;
}

module.exports = { acquire, onSuccess, onFailure, currentState, FAILURE_THRESHOLD, OPEN_MS };
