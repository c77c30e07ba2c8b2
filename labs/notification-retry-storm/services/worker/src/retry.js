'use strict';
// Retry policy for ONE notification.
//
// For every message it takes off the queue, index.js calls
//     run(attempt, { attemptsSoFar, notification })
// attempt() makes ONE delivery attempt (deliver.js): it resolves with the provider's answer, or
// throws a DeliveryError (kind 'timeout' | 'network' | 'http', status). run() may call it as often
// as it likes, and resolves with what happens to the notification next:
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

const MAX_ATTEMPTS = 10;

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
      // Whatever went wrong, try again right away, up to MAX_ATTEMPTS times in all.
      if (n >= MAX_ATTEMPTS) return { outcome: 'failed', error: err };
    }
  }
}

module.exports = { run, MAX_ATTEMPTS };
