// The incident driver's schedule, on a virtual clock: faults in and out on time, and the automatic submit
// when the time is up. The effects are recorded, not run: the real ones are in the CLI loop test.
import { strict as assert } from 'node:assert';
import { runIncident, type IncidentEffects } from '../../../src/core/assessment/incident';
import type { HiddenScenario } from '../../../src/core/assessment/types';
import type { Clock } from '../../../src/core/checker/timeline';

function virtualClock(start: number): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new Error('aborted');
      c.t += ms;
      await Promise.resolve();
    },
  };
  return c;
}

function recorder(onCall?: (what: string, t: number) => void) {
  const calls: string[] = [];
  let clock: { t: number } | undefined;
  const note = (what: string) => {
    calls.push(`${clock ? clock.t / 1000 : '?'}s ${what}`);
    onCall?.(what, clock?.t ?? 0);
  };
  const effects: IncidentEffects = {
    inject: async (f) => note(`inject ${f}`),
    revert: async (f) => note(`revert ${f}`),
    keepLoad: async () => undefined,
    stopLoad: async () => note('stop load'),
    submit: async () => note('submit'),
  };
  return { calls, effects, bind: (c: { t: number }) => (clock = c) };
}

const scenario: HiddenScenario = {
  seed: 's',
  cycleSeconds: 100,
  episodes: [
    { fault: 'a', atSeconds: 10, forSeconds: 20 },
    { fault: 'b', atSeconds: 50, forSeconds: 30 },
  ],
};

describe('assessment: the incident driver', () => {
  it('injects and reverts each episode on time, every cycle, and submits once when the time is up', async () => {
    const clock = virtualClock(0);
    const r = recorder();
    r.bind(clock);
    const outcome = await runIncident({ scenario, startMs: 0, deadlineMs: 170_000, clock, effects: r.effects, signal: new AbortController().signal, log: () => undefined, tickMs: 5_000 });
    assert.equal(outcome, 'time-up');
    assert.deepEqual(r.calls, ['10s inject a', '30s revert a', '50s inject b', '80s revert b', '110s inject a', '130s revert a', '150s inject b', '170s revert b', '170s stop load', '170s submit']);
  });

  it('the timer auto-submits even with no episode left, and only once', async () => {
    const clock = virtualClock(0);
    const r = recorder();
    r.bind(clock);
    await runIncident({ scenario: { ...scenario, episodes: [{ fault: 'a', atSeconds: 500, forSeconds: 10 }] }, startMs: 0, deadlineMs: 60_000, clock, effects: r.effects, signal: new AbortController().signal, log: () => undefined });
    assert.deepEqual(r.calls, ['60s stop load', '60s submit']);
  });

  it('stopped (a submit, an end) mid-episode: reverts what is on and stops the load, never submits', async () => {
    const clock = virtualClock(0);
    const stop = new AbortController();
    const r = recorder((what) => what === 'inject b' && stop.abort());
    r.bind(clock);
    const outcome = await runIncident({ scenario, startMs: 0, deadlineMs: 1_000_000, clock, effects: r.effects, signal: stop.signal, log: () => undefined });
    assert.equal(outcome, 'stopped');
    assert.deepEqual(r.calls, ['10s inject a', '30s revert a', '50s inject b', '50s revert b', '50s stop load']);
  });

  it('restarted after a submit: skips the episodes that ended meanwhile and joins the one still on', async () => {
    const clock = virtualClock(60_000);
    const r = recorder();
    r.bind(clock);
    await runIncident({ scenario, startMs: 0, deadlineMs: 100_000, clock, effects: r.effects, signal: new AbortController().signal, log: () => undefined });
    assert.deepEqual(r.calls, ['60s inject b', '80s revert b', '100s stop load', '100s submit']);
  });

  it('a failing effect is logged and the incident goes on', async () => {
    const clock = virtualClock(0);
    const r = recorder();
    r.bind(clock);
    const logs: string[] = [];
    const effects = { ...r.effects, inject: async (f: string) => (f === 'a' ? Promise.reject(new Error('engine down')) : r.effects.inject(f)) };
    await runIncident({ scenario, startMs: 0, deadlineMs: 90_000, clock, effects, signal: new AbortController().signal, log: (l) => logs.push(l) });
    assert.ok(logs.some((l) => /injecting a failed: engine down/.test(l)), logs.join('\n'));
    assert.ok(r.calls.includes('50s inject b') && r.calls.at(-1) === '90s submit', r.calls.join('\n'));
  });
});
