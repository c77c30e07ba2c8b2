// The scrape phase of a check, between the reset and the load: Prometheus has scraped every target since the
// reset. A Prometheus that the check's `up` has just (re)created answers /-/ready before its first scrape, and
// on a busy machine the first scrape comes seconds later. A check window early in the run (lab 1's 503 spike,
// 1–5 s after the load starts) then held fewer than two samples and measured "no data" for a correct fix.
import type { PrometheusClient, ScrapeTarget } from '../metrics/prometheus';
import { PrometheusError } from '../metrics/prometheus';
import { isCancelled, sleep } from '../runtime/timeout';
import type { Logger } from '../runtime/types';

export const SCRAPE_WAIT_MS = 30_000;
const POLL_MS = 250;

export interface ScrapeWait {
  /** How long it waited, ms. */
  waitedMs: number;
  /** The targets not scraped since `sinceMs` when it gave up (none when every one was). */
  late: ScrapeTarget[];
}

/**
 * Waits until Prometheus has scraped each of its active targets at least once since `sinceMs` (unix ms), at
 * most `timeoutMs`. A target that answers badly still counts (it was scraped: its `up` is 0 and the check's
 * own queries say what is missing). It never fails the check: when the time is up it logs what was not
 * scraped and returns; the checks then measure what Prometheus has.
 */
export async function waitScraped(
  prometheus: Pick<PrometheusClient, 'targets'>,
  sinceMs: number,
  opts: { signal?: AbortSignal; log?: Logger; timeoutMs?: number; now?: () => number } = {},
): Promise<ScrapeWait> {
  const now = opts.now ?? Date.now;
  const started = now();
  const deadline = started + (opts.timeoutMs ?? SCRAPE_WAIT_MS);
  let late: ScrapeTarget[] = [];
  let problem = '';
  for (;;) {
    try {
      const targets = await prometheus.targets({ signal: opts.signal });
      late = targets.filter((t) => t.lastScrapeMs < sinceMs);
      problem = targets.length ? '' : 'Prometheus has no active scrape target';
      if (targets.length && !late.length) return { waitedMs: now() - started, late: [] };
    } catch (err) {
      if (opts.signal?.aborted || isCancelled(err) || !(err instanceof PrometheusError)) throw err;
      problem = err.message;
    }
    if (now() > deadline) break;
    await sleep(POLL_MS, opts.signal, 'waiting for Prometheus to scrape every target');
  }
  const what = late.length ? `not scraped since the reset: ${late.map((t) => `${t.job} (${t.instance}${t.lastError ? `: ${t.lastError}` : ''})`).join(', ')}` : problem;
  opts.log?.(`[check] warning: ${what}; the load starts anyway, and a window early in the run may have no data`);
  return { waitedMs: now() - started, late };
}
