import { strict as assert } from 'node:assert';
import { modeDuration, parseDuration, promRange } from '../../../src/core/checker/duration';
import { promqlEvaluation, substitute } from '../../../src/core/checker/substitute';
import type { PromqlCheck } from '../../../src/core/labs/types';

const check = (extra: Partial<PromqlCheck>): PromqlCheck => ({ id: 'c', title: 'C', kind: 'promql', query: 'x', op: '<', threshold: 1, ...extra });
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const run = { startMs: T0, endMs: T0 + 94_200 }; // 94.2 s → "95s"
const periods = [{ fault: 'outage', startMs: T0 + 20_100, endMs: T0 + 50_050 }];

describe('checker/duration', () => {
  it('parses ms, s, m, h and fractions', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h'), 3_600_000);
  });
  it('rejects a bad duration naming the field', () => {
    assert.throws(() => parseDuration('2x', '--for'), /--for: "2x" is not a duration; write it like 500ms, 30s, 5m or 1h/);
  });
  it('picks the mode of a {quick, full} value', () => {
    assert.equal(modeDuration({ quick: '30s', full: '5m' }, 'quick'), 30_000);
    assert.equal(modeDuration({ quick: '30s', full: '5m' }, 'full'), 300_000);
    assert.equal(modeDuration('10s', 'full'), 10_000);
  });
  it('promRange rounds up to whole seconds, at least 1s', () => {
    assert.equal(promRange(94_200), '95s');
    assert.equal(promRange(95_000), '95s');
    assert.equal(promRange(0), '1s');
  });
});

describe('checker/substitute', () => {
  it('replaces every $__run and $__window', () => {
    assert.equal(substitute('a[$__run] / b[$__window] + c[$__run]', { run: '95s', window: '30s' }), 'a[95s] / b[30s] + c[95s]');
  });

  it('$__run: the run range, evaluated at the run end', () => {
    const ev = promqlEvaluation(check({ query: 'histogram_quantile(0.95, sum by (le) (rate(h_bucket[$__run])))' }), run, periods);
    assert.equal(ev.query, 'histogram_quantile(0.95, sum by (le) (rate(h_bucket[95s])))');
    assert.equal(ev.timeMs, run.endMs);
  });

  it('window {fault}: $__window is the fault active period, evaluated at its end', () => {
    const ev = promqlEvaluation(check({ query: 'sum(increase(p_total[$__window]))', window: { fault: 'outage' } }), run, periods);
    assert.equal(ev.query, 'sum(increase(p_total[30s]))'); // 29.95 s → 30s
    assert.equal(ev.timeMs, T0 + 50_050);
  });

  it('offset moves the evaluation time after the window end', () => {
    const ev = promqlEvaluation(check({ query: 'max(age)', window: { fault: 'outage' }, offset: '60s' }), run, periods);
    assert.equal(ev.query, 'max(age)');
    assert.equal(ev.timeMs, T0 + 50_050 + 60_000);
  });

  it('window.skip leaves out the fault\'s first moments: $__window is shorter, the evaluation time the same', () => {
    const ev = promqlEvaluation(check({ query: 'sum(rate(p_total[$__window]))', window: { fault: 'outage', skip: '2s' } }), run, periods);
    assert.equal(ev.query, 'sum(rate(p_total[28s]))'); // 29.95 s - 2 s = 27.95 s → 28s
    assert.equal(ev.timeMs, T0 + 50_050);
    assert.deepEqual(ev.window, { startMs: T0 + 22_100, endMs: T0 + 50_050 });
  });

  it('a skip as long as the fault window is an error naming the check and both fixes', () => {
    assert.throws(
      () => promqlEvaluation(check({ id: 'calls', window: { fault: 'outage', skip: '30s' } }), run, periods),
      /check calls: window.skip 30s leaves nothing of the fault "outage" window \(29\.9 s in this run\); make the fault last longer in scenario.timeline or the skip shorter in lab.yaml/,
    );
  });

  it('without a window, $__window is the run', () => {
    assert.equal(promqlEvaluation(check({ query: 'x[$__window]' }), run, periods).query, 'x[95s]');
  });

  it('a fault injected twice: its window spans first inject to last revert', () => {
    const two = [...periods, { fault: 'outage', startMs: T0 + 70_000, endMs: T0 + 80_000 }];
    const ev = promqlEvaluation(check({ query: 'x[$__window]', window: { fault: 'outage' } }), run, two);
    assert.equal(ev.query, 'x[60s]');
    assert.equal(ev.timeMs, T0 + 80_000);
  });

  it('a window on a fault that never ran is an error naming the check and the fix', () => {
    assert.throws(() => promqlEvaluation(check({ id: 'rec', window: { fault: 'kill-worker' } }), run, periods), /check rec: window.fault "kill-worker" was not active during the run; add it to scenario.timeline/);
  });
});
