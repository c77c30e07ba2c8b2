'use strict';
// Retry policy for ONE notification.
// withRetry(attempt) calls attempt(n) for n = 1, 2, ... until one call succeeds or the policy
// gives up. It resolves with the successful result, or throws the last error.
// The errors come from deliver.js (DeliveryError: kind 'timeout' | 'network' | 'http', status).

const MAX_ATTEMPTS = 10;

/** Should we try again after `err` failed attempt number `attemptNumber`? */
function shouldRetry(err, attemptNumber) {
  return attemptNumber < MAX_ATTEMPTS; // every error, whatever it was
}

/** How long to wait before attempt number `attemptNumber + 1`. */
function delayMs(attemptNumber) {
  return 0; // right away
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {(attemptNumber: number) => Promise<any>} attempt
 * @param {{ onRetry?: (err: Error, attemptNumber: number) => void }} [hooks]
 */
async function withRetry(attempt, { onRetry = () => {} } = {}) {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!shouldRetry(err, n)) throw err;
      onRetry(err, n);
      const wait = delayMs(n);
      if (wait > 0) await sleep(wait);
    }
  }
}

module.exports = { withRetry, MAX_ATTEMPTS };
