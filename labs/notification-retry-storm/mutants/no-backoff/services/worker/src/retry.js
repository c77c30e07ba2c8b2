'use strict';
// Retry policy for ONE notification.
//
// For every message it takes off the queue, index.js calls
//     run(attempt, { attemptsSoFar, notification })
// attempt() makes ONE delivery attempt (deliver.js): it resolves with the provider's answer, or
// throws a DeliveryError (kind 'timeout' | 'network' | 'http', status, retryable). run() may call it
// as often as it likes, and resolves with what happens to the notification next:
//   { outcome: 'delivered' }                   the provider accepted it
//   { outcome: 'failed', error }               give up: the notification is marked 'failed'
//   { outcome: 'dead-letter', reason }         give up for good: it is marked 'dead_lettered' and set
//                                              aside on the Redis list notifications:dead with the reason
//   { outcome: 'retry-later', delayMs, error } try again later: the message leaves this worker loop
//                                              (which takes the next one) and waits in notifications:delayed;
//                                              after delayMs it goes back on the queue and run() is
//                                              called again for it
// attemptsSoFar is the number of attempts made in earlier runs for the same notification (0 the
// first time; it only grows after a 'retry-later').
//
// MUTANT no-backoff: the reference policy, except that a retryable error is retried at once, in the loop.
// The policy of the reference fix: ONE attempt per run.
// - success                         -> delivered
// - permanent error (4xx)           -> dead-letter at once: retrying cannot change the answer
// - retryable error (5xx, timeout,
//   network), attempts < MAX        -> retry-later after an exponential backoff with full jitter;
//                                      the loop is free for other notifications meanwhile
// - retryable error, MAX reached    -> dead-letter with the last error: a person has to look at it

const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 10000;

/** Full jitter: a uniformly random wait in [0, min(cap, base * 2^(n-1))]. */
function backoffMs(attemptNumber) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attemptNumber - 1));
  return Math.random() * ceiling;
}

function isRetryable(err) {
  // An error that did not come from deliver.js is a bug on our side: retrying may help (a
  // transient fault) and the retry cap bounds it.
  return err && typeof err.retryable === 'boolean' ? err.retryable : true;
}

/**
 * @param {() => Promise<any>} attempt
 * @param {{ attemptsSoFar: number, notification: object }} context
 */
async function run(attempt, { attemptsSoFar = 0 } = {}) {
  for (let n = attemptsSoFar + 1; ; n++) {
    try {
      await attempt();
      return { outcome: 'delivered' };
    } catch (err) {
      if (!isRetryable(err)) return { outcome: 'dead-letter', reason: `permanent error: ${err.message}` };
      if (n >= MAX_ATTEMPTS) return { outcome: 'dead-letter', reason: `gave up after ${n} attempts: ${err.message}` };
      // MUTANT (no-backoff): retry at once. The cap, the DLQ, the idempotency key and the breaker are all
      // there, so nothing is lost, sent twice or hammered during an outage; but while the provider fails
      // only partly, every retry lands on it right after the failure.
    }
  }
}

module.exports = { run, backoffMs, isRetryable, MAX_ATTEMPTS, BASE_DELAY_MS, MAX_DELAY_MS };
