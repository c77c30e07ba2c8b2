// Scoring by the rubric, from a recorded report's JSON alone (test/fixtures/assessment/report.json): a right
// diagnosis with evidence before the fix, a failing then a passing submit with 10 of 30 minutes left, a
// complete postmortem.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { scoreReport } from '../../../src/core/assessment/score';
import type { AssessmentReport } from '../../../src/core/assessment/types';

const recorded = (): AssessmentReport => JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/assessment/report.json'), 'utf8'));
const points = (r: AssessmentReport) => Object.fromEntries(scoreReport(r).parts.map((p) => [p.part, p.points]));

describe('assessment: the rubric scores from the report JSON', () => {
  it('scores the recorded report part by part, the same every time', () => {
    const s = scoreReport(recorded());
    assert.deepEqual(points(recorded()), { diagnosis: 25, checks: 40, regressions: 10, time: 6.7, postmortem: 15 });
    assert.equal(s.total, 96.7);
    assert.equal(s.max, 100);
    assert.equal(s.total, recorded().score.total, 'the score the report carries is what its JSON gives');
    assert.deepEqual(scoreReport(recorded()), s);
    assert.match(s.parts.find((p) => p.part === 'time')!.why, /first pass with 10 of 30 minutes left/);
  });

  it('a wrong root cause keeps only the evidence share; a diagnosis after the fix loses the timing share', () => {
    const wrong = recorded();
    wrong.diagnosis.recorded!.rootCause = 'provider-unreliable';
    assert.equal(points(wrong).diagnosis, 5);
    const late = recorded();
    late.diagnosis.recorded!.at = '2026-12-04T10:25:00.000Z';
    assert.equal(points(late).diagnosis, 20);
    const bare = recorded();
    bare.diagnosis.recorded!.evidence = 'it looked bad';
    assert.equal(points(bare).diagnosis, 20, 'evidence that names no panel and no number');
    const none = recorded();
    none.diagnosis.recorded = null;
    assert.equal(points(none).diagnosis, 0);
  });

  it('a last submit that breaks a check the baseline passed loses the regression points and a share of the checks', () => {
    const r = recorded();
    r.submits[1].checks[0] = { ...r.submits[1].checks[0], pass: false, measured: 0.4 };
    r.submits[1].verdict = 'fail';
    const p = points(r);
    assert.equal(p.regressions, 5, 'p95-enqueue, 1 of the 2 checks the baseline passed, fails now');
    assert.equal(p.checks, 34.3);
    assert.equal(p.time, 0, 'no submit passed');
  });

  it('no submit, no postmortem: nothing for checks, regressions, time or postmortem', () => {
    const r = recorded();
    r.submits = [];
    r.postmortem = { ...r.postmortem, present: false, ok: false, problems: ['no postmortem written'], text: null };
    assert.deepEqual(points(r), { diagnosis: 25, checks: 0, regressions: 0, time: 0, postmortem: 0 });
  });

  it('a postmortem with problems earns a share; the rubric weights come from the report', () => {
    const r = recorded();
    r.postmortem = { ...r.postmortem, ok: false, problems: ['Fix: 12 words', 'Metric: no number'] };
    assert.equal(points(r).postmortem, 10);
    r.rubric = { diagnosis: 50, checks: 50, regressions: 0, time: 0, postmortem: 0 };
    const s = scoreReport(r);
    assert.equal(s.max, 100);
    assert.equal(s.total, 100);
  });
});
