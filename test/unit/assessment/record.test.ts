// The assessment record: its phases, the locks it puts on the assessed lab, and a corrupt file kept aside.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { autoSubmitDue, endAssessment, recordDiagnosis } from '../../../src/core/assessment/lifecycle';
import { lockMessage, LOCKED_FEATURES, refuseIfLocked, withoutAcceptance, type LockedFeature } from '../../../src/core/assessment/locks';
import { formatCountdown, phaseOf, readAssessment, secondsLeft, updateAssessment } from '../../../src/core/assessment/record';
import { assessmentPath } from '../../../src/core/workspace/paths';
import { LAB1, lab, runningAssessment, tempWorkspace } from './helpers';

describe('assessment: the record, its phases and its locks', () => {
  it('diagnose → fix (a diagnosis) → postmortem (a passing submit, or the time is up) → ended', async () => {
    const entry = await lab();
    const ws = tempWorkspace();
    const r = await runningAssessment(entry, ws, { minutes: 30 });
    const t0 = Date.parse(r.startedAt);
    assert.equal(phaseOf(r, t0), 'diagnose');
    assert.equal(phaseOf(r, t0 + 30 * 60_000), 'postmortem', 'the time is up');
    await recordDiagnosis(entry, ws, { symptom: 'copies of emails', rootCause: 'blind-immediate-retries', evidence: 'provider-calls 10x' });
    let { record } = await readAssessment(ws);
    assert.equal(phaseOf(record!, t0), 'fix');
    await updateAssessment(ws, (rec, now) => rec?.submits.push({ n: 1, at: now, auto: false, verdict: 'pass', failed: [], checks: [] }));
    ({ record } = await readAssessment(ws));
    assert.equal(phaseOf(record!, t0), 'postmortem');
    await endAssessment(ws);
    ({ record } = await readAssessment(ws));
    assert.equal(phaseOf(record!), 'ended');
    assert.deepEqual(record!.events.map((e) => e.kind), ['started', 'diagnosis', 'ended']);
  });

  it('locks every feature of the assessed lab with a message naming it, the lab and the time; nothing else', async () => {
    const entry = await lab();
    const ws = tempWorkspace();
    const r = await runningAssessment(entry, ws);
    const features = Object.keys(LOCKED_FEATURES) as LockedFeature[];
    for (const f of features) {
      const m = lockMessage(r, LAB1, f);
      assert.ok(m?.startsWith(`${LOCKED_FEATURES[f]} locked during the assessment of ${LAB1}`), `${f}: ${m}`);
      assert.match(m!, new RegExp(`time is up at ${r.deadline.slice(11, 16)} UTC`));
    }
    assert.equal(lockMessage(r, 'another-lab', 'hints'), undefined, 'another lab is not locked');
    assert.equal(lockMessage(undefined, LAB1, 'hints'), undefined, 'no assessment, no lock');
    assert.equal(lockMessage({ ...r, endedAt: new Date().toISOString() }, LAB1, 'hints'), undefined, 'an ended assessment locks nothing');
    assert.match((await refuseIfLocked(ws, LAB1, 'solution'))!, /^The reference solution is locked/);
    const { record } = await readAssessment(ws);
    assert.deepEqual(record!.events.at(-1)?.detail, 'asked for solution: refused', 'the refusal is in the timeline, for the reviewer');
  });

  it('the spec without its acceptance signals keeps every other section', () => {
    const readme = '# Lab\n\n## The story\nA.\n\n## Acceptance signals\n- p95 < 150 ms\n\n## Running it by hand\nB.\n';
    const out = withoutAcceptance(readme, 'locked.');
    assert.ok(!out.includes('p95 < 150 ms'));
    assert.match(out, /## The story\nA\./);
    assert.match(out, /## Acceptance signals\n\n_locked\._\n\n## Running it by hand\nB\./);
  });

  it('counts down', () => {
    assert.equal(formatCountdown(45 * 60), '45:00');
    assert.equal(formatCountdown(61), '1:01');
    assert.equal(formatCountdown(3725), '1:02:05');
    assert.equal(secondsLeft({ deadline: new Date(1_000_000).toISOString() } as never, 1_000_000 + 5), 0);
  });

  it('a corrupt assessment.json is moved aside, never dropped, and a read says so', async () => {
    const ws = tempWorkspace();
    await runningAssessment(await lab(), ws);
    writeFileSync(assessmentPath(ws), '{"format": 1, "lab": ');
    const read = await readAssessment(ws);
    assert.equal(read.record, undefined);
    assert.match(read.warnings[0], /assessment\.json is unreadable \(not valid JSON/);
    await updateAssessment(ws, () => undefined);
    const kept = readdirSync(join(ws, '.breakfix')).filter((f) => f.startsWith('assessment.json.corrupt-'));
    assert.equal(kept.length, 1);
    assert.equal(readFileSync(join(ws, '.breakfix', kept[0]), 'utf8'), '{"format": 1, "lab": ');
  });

  it('a new assessment archives the previous record under .breakfix/assessment/<id>/', async () => {
    const entry = await lab();
    const ws = tempWorkspace();
    const first = await runningAssessment(entry, ws);
    await endAssessment(ws);
    const second = await runningAssessment(entry, ws);
    assert.notEqual(first.id, second.id);
    const archived = JSON.parse(readFileSync(join(ws, '.breakfix', 'assessment', first.id, 'record.json'), 'utf8'));
    assert.equal(archived.id, first.id);
    assert.ok(archived.endedAt);
  });

  it('an automatic submit the driver never made is due once the time is up, and only then', async () => {
    const r = await runningAssessment(await lab(), tempWorkspace(), { minutes: 30 });
    const after = Date.parse(r.deadline) + 1000;
    assert.equal(autoSubmitDue(r, Date.parse(r.startedAt)), false, 'time is left');
    assert.equal(autoSubmitDue(r, after), true, 'no driver ran at the deadline');
    assert.equal(autoSubmitDue({ ...r, driver: { pid: process.pid, startedAt: r.startedAt } }, after), false, 'a live driver makes it itself');
    assert.equal(autoSubmitDue({ ...r, submits: [{ n: 1, at: r.deadline, auto: true, verdict: 'fail', failed: [], checks: [] }] }, after), false, 'already made');
    assert.equal(autoSubmitDue({ ...r, endedAt: r.deadline }, after), false, 'ended');
  });
});
