'use strict';
// Open loops by hand, for a load service whose requests openLoop() cannot send (GETs over many paths,
// signed requests, shoppers that retry): pace() holds the rate, latencySummary() reports what was measured.

/**
 * Calls fire(n) at `rate` per second (n = 1, 2, ...) until `count` calls or the signal aborts. It looks
 * every `tickMs` and catches up on the calls due, so a busy event loop sends late, never fewer. Resolves
 * with the number of calls made.
 */
function pace({ rate, count = Infinity, signal, fire, tickMs = 5 }) {
  return new Promise((resolve) => {
    const start = performance.now();
    let n = 0;
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (n < due && !signal?.aborted) fire(++n);
      if (n >= count || signal?.aborted) return resolve(n);
      setTimeout(tick, tickMs);
    };
    tick();
  });
}

/** The summary's `latencyMs`: {p50, p95, p99, max} of latencies in ms (in any order), to 0.01 ms; nulls for none. */
function latencySummary(latencies) {
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] * 100) / 100 : null);
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

module.exports = { pace, latencySummary };
