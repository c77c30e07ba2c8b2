'use strict';
// MUTANT no-breaker: the circuit breaker never opens. Backoff, jitter, the retry cap, the DLQ and the
// idempotency key stay; only the breaker is gone.
async function acquire() { return false; }
function onSuccess() {}
function onFailure() {}
function currentState() { return 'closed'; }
module.exports = { acquire, onSuccess, onFailure, currentState, FAILURE_THRESHOLD: Infinity, OPEN_MS: 0 };
