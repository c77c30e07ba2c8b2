'use strict';
// Idempotency-Keys for a lab's fake downstream (an email provider, a payment ledger). The first request
// under a key is remembered with its payload's fingerprint and its result. The same key with the same
// payload again is a replay: its first result, and nothing done twice. The same key with another payload
// is a conflict: replaying would confirm something that never happened, and acting would break the key's
// promise, so the service refuses it.

/**
 * @param {(payload: object) => string} fingerprint what a replay must ask for again (the fields that matter)
 * @param {{ inc(): void }} [replaysMetric] a counter of replays (prom-client), counted with `replays`
 */
function idempotencyKeys(fingerprint, replaysMetric) {
  let keys = new Map(); // key -> { fingerprint, result }
  const store = {
    /** Replays answered since the last clear(). */
    replays: 0,
    /**
     * Before acting: `{ replay: result }` for a repeat (counted), `{ conflict: true }` for a key reused with
     * another payload, or null (no key, or a new one: act, then remember()).
     */
    lookup(key, payload) {
      if (!key || !keys.has(key)) return null;
      const earlier = keys.get(key);
      if (earlier.fingerprint !== fingerprint(payload)) return { conflict: true };
      store.replays++;
      replaysMetric?.inc();
      return { replay: earlier.result };
    },
    /** After acting under a key; without a key there is nothing to remember. */
    remember(key, payload, result) {
      if (key) keys.set(key, { fingerprint: fingerprint(payload), result });
    },
    /** Forgets every key and the replay count (a lab's reset between runs). */
    clear() {
      keys = new Map();
      store.replays = 0;
    },
  };
  return store;
}

module.exports = { idempotencyKeys };
