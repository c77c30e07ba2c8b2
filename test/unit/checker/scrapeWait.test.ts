import { strict as assert } from 'node:assert';
import { waitScraped } from '../../../src/core/checker/scrapeWait';
import { PrometheusError, type ScrapeTarget } from '../../../src/core/metrics/prometheus';
import { CancelledError } from '../../../src/core/runtime/types';

const target = (job: string, lastScrapeMs: number, lastError = ''): ScrapeTarget => ({ job, instance: `${job}:80`, health: lastError ? 'down' : 'up', lastScrapeMs, lastError });

/** A Prometheus whose targets answer comes from `answers`, one per call (the last one repeats). */
function prometheus(answers: (() => ScrapeTarget[])[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    targets: async () => answers[Math.min(calls++, answers.length - 1)](),
  };
}

describe('checker/scrapeWait', () => {
  const since = 1_000_000;

  it('returns at once when every target was scraped after the reset', async () => {
    const p = prometheus([() => [target('api', since + 10), target('worker', since + 400)]]);
    const lines: string[] = [];
    const r = await waitScraped(p, since, { log: (l) => lines.push(l) });
    assert.deepEqual(r.late, []);
    assert.equal(p.calls, 1);
    assert.deepEqual(lines, []);
  });

  it('waits while a target was last scraped before the reset (a Prometheus just recreated), then returns', async () => {
    const p = prometheus([() => [target('api', since + 10), target('provider', 0)], () => [target('api', since + 10), target('provider', since - 5)], () => [target('api', since + 10), target('provider', since + 900)]]);
    const r = await waitScraped(p, since, { timeoutMs: 5_000 });
    assert.equal(p.calls, 3);
    assert.deepEqual(r.late, []);
    assert.ok(r.waitedMs >= 400, `two polls of 250 ms: ${r.waitedMs}`);
  });

  it('gives up after its timeout without failing the check, and names what was not scraped and why', async () => {
    const p = prometheus([() => [target('api', since + 10), target('worker', since - 1, 'connection refused')]]);
    const lines: string[] = [];
    const r = await waitScraped(p, since, { timeoutMs: 300, log: (l) => lines.push(l) });
    assert.deepEqual(r.late.map((t) => t.job), ['worker']);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^\[check\] warning: not scraped since the reset: worker \(worker:80: connection refused\); the load starts anyway/);
  });

  it('a Prometheus that does not answer yet is asked again; one with no target at all is named when it gives up', async () => {
    const down = () => {
      throw new PrometheusError('(scrape targets)', 'connection refused');
    };
    const p = prometheus([down, () => [target('api', since + 1)]]);
    assert.deepEqual((await waitScraped(p, since, { timeoutMs: 5_000 })).late, []);
    assert.equal(p.calls, 2);

    const lines: string[] = [];
    await waitScraped(prometheus([() => []]), since, { timeoutMs: 300, log: (l) => lines.push(l) });
    assert.match(lines[0], /Prometheus has no active scrape target/);
  });

  it('cancellation rejects; an unexpected error is not swallowed', async () => {
    const ac = new AbortController();
    const p = prometheus([() => [target('api', 0)]]);
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(waitScraped(p, since, { signal: ac.signal }), CancelledError);
    await assert.rejects(
      waitScraped(prometheus([() => { throw new TypeError('bug'); }]), since),
      TypeError,
    );
  });
});
