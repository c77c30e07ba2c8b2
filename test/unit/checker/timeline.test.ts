import { strict as assert } from 'node:assert';
import { Clock, planTimeline, TimelineRun } from '../../../src/core/checker/timeline';
import type { Scenario } from '../../../src/core/labs/types';
import { CancelledError } from '../../../src/core/runtime/types';

/** A clock that only moves when advanced; sleeps resolve in time order. */
class FakeClock implements Clock {
  t = 1_000_000;
  private timers: { at: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  now() {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal) {
    return new Promise<void>((resolve, reject) => {
      const timer = { at: this.t + ms, resolve, reject };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new CancelledError('sleep'));
      });
    });
  }
  /** Runs until `done` settles, jumping to each next timer. */
  async runUntil(done: Promise<unknown>) {
    let settled = false;
    done.then(() => (settled = true), () => (settled = true));
    for (let i = 0; i < 10_000 && !settled; i++) {
      await new Promise((r) => setImmediate(r));
      if (settled || !this.timers.length) continue;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

const scenario = (timeline: Scenario['timeline']): Scenario => ({ load: { service: 'load', port: 8089, requests: 1, rate: 1 }, timeline, drain: { until: 'x', timeout: '1s' } });

describe('checker/timeline', () => {
  it('plans at/for in ms, with the mode of {quick, full}', () => {
    const s = scenario([{ at: '0s', fault: 'a' }, { at: '20s', fault: 'b', for: { quick: '30s', full: '5m' } }]);
    assert.deepEqual(planTimeline(s, 'quick'), [{ fault: 'a', atMs: 0 }, { fault: 'b', atMs: 20_000, forMs: 30_000 }]);
    assert.equal(planTimeline(s, 'full')[1].forMs, 300_000);
  });

  it('injects at `at` from the load start, reverts after `for`, keeps the rest until revertRemaining', async () => {
    const clock = new FakeClock();
    const start = clock.t;
    const events: string[] = [];
    const steps = planTimeline(scenario([{ at: '0s', fault: 'perm' }, { at: '3s', fault: 'errors', for: '10s' }, { at: '20s', fault: 'outage', for: '30s' }]), 'quick');
    const tl = new TimelineRun(
      steps,
      {
        inject: async (f) => {
          events.push(`+${f}@${(clock.now() - start) / 1000}`);
          clock.t += 200; // inject + verify take 200 ms
          return `${f} verified`;
        },
        revert: async (f) => {
          events.push(`-${f}@${(clock.now() - start) / 1000}`);
        },
      },
      clock,
    );
    const done = tl.run(start);
    await clock.runUntil(done);
    await done;
    assert.deepEqual(events, ['+perm@0', '+errors@3', '-errors@13', '+outage@20', '-outage@50']);
    await tl.revertRemaining();
    assert.deepEqual(events.slice(-1), ['-perm@50']);
    const periods = tl.periods(clock.t);
    assert.deepEqual(periods.find((p) => p.fault === 'outage'), { fault: 'outage', startMs: start + 20_000, endMs: start + 50_000 });
    const rec = tl.records();
    assert.equal(rec[2].injectedAt, new Date(start + 20_000).toISOString());
    assert.equal(rec[2].verifiedAt, new Date(start + 20_200).toISOString());
    assert.equal(rec[2].revertedAt, new Date(start + 50_000).toISOString());
    assert.equal(rec[2].verify, 'outage verified');
  });

  it('a step whose inject fails rejects the run and is recorded with the error', async () => {
    const clock = new FakeClock();
    const tl = new TimelineRun(planTimeline(scenario([{ at: '1s', fault: 'bad' }]), 'quick'), { inject: async () => Promise.reject(new Error('did not verify')), revert: async () => undefined }, clock);
    const done = tl.run(clock.t);
    await clock.runUntil(done);
    await assert.rejects(done, /did not verify/);
    assert.equal(tl.records()[0].error, 'did not verify');
    assert.deepEqual(tl.periods(clock.t), []);
  });

  it('cancellation stops pending steps; revertRemaining reverts only what was injected', async () => {
    const clock = new FakeClock();
    const reverted: string[] = [];
    const ac = new AbortController();
    const tl = new TimelineRun(
      planTimeline(scenario([{ at: '0s', fault: 'a', for: '60s' }, { at: '30s', fault: 'b' }]), 'quick'),
      { inject: async () => 'ok', revert: async (f) => void reverted.push(f) },
      clock,
    );
    const done = tl.run(clock.t, ac.signal);
    await new Promise((r) => setImmediate(r));
    ac.abort();
    await assert.rejects(done, CancelledError);
    await tl.revertRemaining();
    assert.deepEqual(reverted, ['a']);
  });
});
