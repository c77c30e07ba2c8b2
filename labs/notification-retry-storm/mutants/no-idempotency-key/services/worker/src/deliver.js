'use strict';
// ONE delivery attempt: send one notification to the email provider.
// Resolves with the provider's answer ({ messageId }) on a 2xx; throws a DeliveryError otherwise.
// Retrying is not done here: see retry.js.
//
// Three protections live here, around the single call:
// - an Idempotency-Key derived from the notification id, identical on every attempt: if an earlier
//   attempt was sent but its answer got lost (a timeout), the provider answers the retry with the
//   original messageId instead of sending the email again;
// - the circuit breaker (breaker.js): while the provider is failing, no call goes out at all;
// - a concurrency cap: at most PROVIDER_MAX_IN_FLIGHT calls to the provider at once, whatever
//   WORKER_CONCURRENCY is.
// Every error says whether it is worth retrying (err.retryable): timeouts, network errors, 5xx, 408
// and 429 are; any other 4xx is permanent (the same request will be refused again).

const breaker = require('./breaker');

const PROVIDER_URL = process.env.PROVIDER_URL || 'http://provider:8081';
const TIMEOUT_MS = 2000; // no answer within this time counts as a failed attempt
const MAX_IN_FLIGHT = Math.max(1, Number(process.env.PROVIDER_MAX_IN_FLIGHT || 4));

class DeliveryError extends Error {
  /**
   * @param {string} message
   * @param {{ kind: 'timeout' | 'network' | 'http', status?: number }} details
   */
  constructor(message, { kind, status = null }) {
    super(message);
    this.name = 'DeliveryError';
    this.kind = kind;     // what went wrong
    this.status = status; // the provider's HTTP status, when it answered
    this.retryable = kind !== 'http' || status >= 500 || status === 408 || status === 429;
  }
}

/** The key the provider deduplicates on: the same for every attempt of one notification. */
function idempotencyKey(notification) {
  return `notification-${notification.id}`;
}

// ---- concurrency cap ----------------------------------------------------------------------
let inFlight = 0;
const queued = [];
async function takeSlot() {
  if (inFlight < MAX_IN_FLIGHT) { inFlight++; return; }
  await new Promise((resolve) => queued.push(resolve));
}
function releaseSlot() {
  const next = queued.shift();
  if (next) next(); // the slot passes straight to the next caller
  else inFlight--;
}

async function call(notification) {
  try {
    const res = await fetch(`${PROVIDER_URL}/send`, {
      method: 'POST',
      // MUTANT no-idempotency-key: no Idempotency-Key header, so a retry after a lost answer sends again.
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        to: notification.to,
        channel: notification.channel,
        body: notification.body,
        notificationId: notification.id,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new DeliveryError(`provider answered ${res.status}: ${text.slice(0, 200)}`, { kind: 'http', status: res.status });
    }
    return JSON.parse(text);
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    if (err.name === 'TimeoutError') {
      throw new DeliveryError(`provider did not answer within ${TIMEOUT_MS} ms`, { kind: 'timeout' });
    }
    throw new DeliveryError(`provider unreachable: ${err.cause?.code || err.message}`, { kind: 'network' });
  }
}

/**
 * @param {{ id: string, to: string, channel: string, body: string, idempotencyKey: string | null }} notification
 */
async function deliver(notification) {
  await breaker.acquire(); // waits while the provider is known to be down
  await takeSlot();
  let healthy = false;
  try {
    const result = await call(notification);
    healthy = true;
    return result;
  } catch (err) {
    healthy = !err.retryable; // a permanent 4xx still proves the provider is up
    throw err;
  } finally {
    releaseSlot();
    if (healthy) breaker.onSuccess();
    else breaker.onFailure();
  }
}

module.exports = { deliver, DeliveryError, TIMEOUT_MS };
