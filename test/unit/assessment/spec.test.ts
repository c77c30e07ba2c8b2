// assessment.yaml: every bundled one is valid; a bad one says what, where and how to fix it; the learner's
// copy never holds it, and the proof ledger does not hash it.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssessmentSpecError, hasAssessment, loadAssessmentSpec, loadHandover } from '../../../src/core/assessment/spec';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { listLabFiles } from '../../../src/core/labs/learnerFiles';
import { labDigest } from '../../../src/core/proof/ledger';
import { bundledLabs, lab, tempWorkspace } from './helpers';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AssessmentSpecError) return err.problems;
    throw err;
  }
  return [];
};

describe('assessment: assessment.yaml and the hand-over file', () => {
  it('every bundled lab has a valid assessment whose ticket names no fault, check or root cause', async () => {
    const labs = (await loadCatalogue(bundledLabs)).labs;
    assert.ok(labs.length >= 6);
    for (const entry of labs) {
      assert.ok(hasAssessment(entry), `${entry.lab.id} has no assessment.yaml`);
      const spec = loadAssessmentSpec(entry);
      assert.ok(spec.rootCauses.some((c) => c.id === spec.answer));
      assert.ok(spec.faults.length > 0 && spec.load.rate > 0);
    }
  });

  it('names the file, the line and the field of each problem, and how to fix it', async () => {
    const src = await lab();
    const dir = join(tempWorkspace('spec'), src.lab.id);
    cpSync(src.dir, dir, { recursive: true });
    const entry = { ...src, dir };
    writeFileSync(
      join(dir, 'assessment.yaml'),
      ['format: 1', 'ticket:', '  title: "Provider outage makes emails fail"', '  symptoms: []', '  impact: x', 'rootCauses:', '  - id: a', '    text: A', '  - id: a', '    text: B', 'answer: zzz', 'faults: [provider-outage, nope]', 'colour: red', ''].join('\n'),
    );
    const problems = problemsOf(() => loadAssessmentSpec(entry));
    const file = join(dir, 'assessment.yaml');
    const has = (re: RegExp) => assert.ok(problems.some((p) => re.test(p)), `no problem matching ${re}:\n${problems.join('\n')}`);
    has(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+: ticket: names "provider outage"`));
    has(/ticket\.symptoms: not a list of non-empty strings/);
    has(/rootCauses\.1\.id: "a" appears twice/);
    assert.ok(!problems.some((p) => /names "a"/.test(p)), 'a root cause id is matched as a whole word, not inside other words');
    has(/answer: "zzz" is not one of the rootCauses ids \(a\)/);
    has(/faults\.1: "nope" is not a fault of notification-retry-storm\. Use one of /);
    has(/:13:\d+: colour: unknown key/);
  });

  it('a lab without assessment.yaml says how to get one', async () => {
    const src = await lab();
    const dir = join(tempWorkspace('spec'), src.lab.id);
    cpSync(src.dir, dir, { recursive: true, filter: (f) => !f.endsWith('assessment.yaml') });
    assert.match(problemsOf(() => loadAssessmentSpec({ ...src, dir }))[0], /has no assessment .*breakfix assess labs/);
  });

  it('the learner never gets it, and the proof ledger does not depend on it', async () => {
    const entry = await lab();
    assert.ok(existsSync(join(entry.dir, 'assessment.yaml')));
    assert.ok(!listLabFiles(entry.dir).includes('assessment.yaml'), 'not in what Start Lab copies');
    assert.ok(listLabFiles(entry.dir, { withProof: true }).includes('assessment.yaml'));
    const dir = join(tempWorkspace('digest'), entry.lab.id);
    cpSync(entry.dir, dir, { recursive: true });
    const before = labDigest({ ...entry, dir });
    writeFileSync(join(dir, 'assessment.yaml'), '# edited\n');
    assert.equal(labDigest({ ...entry, dir }), before, 'editing the assessment leaves the ledger fresh');
  });

  it('reads a reviewer\'s hand-over file, and refuses a bad one with every problem', () => {
    const dir = tempWorkspace('handover');
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'format: 1\nlab: notification-retry-storm\nminutes: 30\nseed: 1234\nrubric: { time: 0 }\n');
    assert.deepEqual(loadHandover(good), { format: 1, lab: 'notification-retry-storm', minutes: 30, seed: '1234', rubric: { time: 0 } });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'format: 2\nlab: Not An Id\nminutes: 3\nrubric: { luck: 5 }\n');
    const problems = problemsOf(() => loadHandover(bad));
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems.join('\n'), /minutes: 3 is not a whole number of minutes from 5 to 480/);
    assert.match(problems.join('\n'), /rubric\.luck: unknown part/);
    assert.match(problemsOf(() => loadHandover(join(dir, 'missing.yaml')))[0], /missing\.yaml: cannot be read \(ENOENT\)/);
  });
});
