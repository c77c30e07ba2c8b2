// The scaling check's evaluation (issue 19): the ratio of two throughputs against the threshold, both
// throughputs reported, and every way of having no ratio fails with a reason.
import { strict as assert } from 'node:assert';
import { evaluateScaling, scalingLines, scalingRatio, throughputOf } from '../../../src/core/scaling/evaluate';
import { CHECK, side } from './helpers';

describe('scaling: evaluation', () => {
  it('a design that scales passes: ratio = throughput(3) / throughput(1), both reported', () => {
    const r = evaluateScaling(CHECK, side(1, 600, 15), side(3, 600, 5.5));
    assert.equal(r.kind, 'scaling');
    assert.equal(r.pass, true);
    assert.equal(r.measured, 2.73);
    assert.ok(Math.abs(r.scaling.ratio! - 600 / 5.5 / 40) < 1e-9, "the unrounded ratio is kept");
    assert.deepEqual(r.scaling.sides.map((s) => s.replicas), [1, 3]);
    assert.equal(r.scaling.sides[0].throughput, 40);
    assert.match(r.source, /throughput at 3 replicas of consumer ÷ at 1/);
    assert.match(r.source, /1 replica: 40\/s over 15 s \(600 processed\)/);
    assert.match(r.source, /3 replicas: 109\.1\/s over 5\.5 s/);
    assert.equal(r.threshold, 2);
    assert.equal(r.op, '>=');
    assert.equal(r.unit, 'ratio');
  });

  it('a design that does not scale fails with its ratio: a global lock gives the same throughput at 3', () => {
    const r = evaluateScaling(CHECK, side(1, 600, 31), side(3, 600, 30.2));
    assert.equal(r.pass, false);
    assert.equal(r.measured, 1.03);
    assert.equal(r.note, undefined);
  });

  it('the threshold is compared with the unrounded ratio', () => {
    const r = evaluateScaling({ ...CHECK, threshold: 2 }, side(1, 100, 10), side(3, 199.6, 10));
    assert.equal(r.measured, 2);
    assert.equal(r.pass, false, '1.996 < 2, although it is shown as 2');
  });

  it('other ops work: a ratio that must stay below a bound', () => {
    assert.equal(evaluateScaling({ ...CHECK, op: '<', threshold: 1.5 }, side(1, 100, 10), side(3, 110, 10)).pass, true);
  });

  it('no data on either side fails, with no ratio and the side named', () => {
    const r = evaluateScaling(CHECK, side(1, 600, 15), side(3, null, 5, { note: 'no data (the processed query returned no series)' }));
    assert.equal(r.pass, false);
    assert.equal(r.measured, null);
    assert.equal(r.scaling.ratio, null);
    assert.match(r.note!, /3 replica\(s\): no data/);
  });

  it('a base that processed nothing gives no ratio (never a division by zero)', () => {
    const r = evaluateScaling(CHECK, side(1, 0, 60, { drained: false }), side(3, 600, 5));
    assert.equal(r.measured, null);
    assert.equal(r.pass, false);
    assert.match(r.note!, /1 replica\(s\) processed nothing/);
  });

  it('a short side is noted (its end is known to about a second), and still counts', () => {
    const r = evaluateScaling(CHECK, side(1, 600, 15), side(3, 600, 4));
    assert.equal(r.pass, true);
    assert.match(r.note!, /3 replica\(s\) ran 4 s only: .* about 25%/);
  });

  it('an undrained side is measured over its timeout; both undrained is noted', () => {
    const r = evaluateScaling(CHECK, side(1, 1000, 60, { drained: false }), side(3, 1100, 60, { drained: false }));
    assert.equal(r.measured, 1.1);
    assert.match(r.note!, /neither side drained within 60s/);
    assert.match(r.source, /NOT drained by the timeout/);
  });

  it('helpers: throughput needs data and time; the ratio needs both throughputs', () => {
    assert.equal(throughputOf(null, 10), null);
    assert.equal(throughputOf(10, 0), null);
    assert.equal(throughputOf(Number.NaN, 10), null);
    assert.equal(throughputOf(50, 10), 5);
    assert.equal(scalingRatio(side(1, 10, 10), side(3, null, 10)), null);
    assert.equal(scalingRatio(side(1, 10, 10), side(3, 30, 10)), 3);
  });

  it('report lines carry both throughputs and the ratio', () => {
    const lines = scalingLines(evaluateScaling(CHECK, side(1, 600, 31), side(3, 600, 30.2)));
    assert.deepEqual(lines, [
      '✘ scales-out: Three consumers book orders at least twice as fast as one',
      '  1 replica: 19.4/s over 31 s (600 processed)',
      '  3 replicas: 19.9/s over 30.2 s (600 processed)',
      '  ratio 1.03 (must be >= 2)',
    ]);
  });
});
