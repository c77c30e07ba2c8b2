// `breakfix assess` steps that need no engine, and the locks a running assessment puts on the other
// commands. The loop with a stack, a submit, a bundle and verify is test/integration/assess.test.ts.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAssessment } from '../../../src/core/assessment/record';
import { LAB1, lab, runningAssessment, tempWorkspace } from '../assessment/helpers';
import { bundledLabs, runCli, tempCli } from './tempCli';

describe('breakfix assess (no engine) and the locks', () => {
  let cli: string;
  let ws: string;
  before(async () => {
    cli = await tempCli();
  });
  beforeEach(async () => {
    ws = tempWorkspace('cli-assess');
    await runningAssessment(await lab(), ws, { minutes: 30, seed: 'cli' });
  });
  const run = (...args: string[]) => runCli(cli, [...args, '--workspace', ws], { labsDir: bundledLabs });

  it('hint, solution, faults and heal refuse for the assessed lab, saying why and until when', () => {
    for (const [cmd, what] of [
      ['hint', 'Hints are'],
      ['solution', 'The reference solution is'],
      ['faults', 'The fault list and heal are'],
      ['heal', 'The fault list and heal are'],
    ]) {
      const r = run(cmd, LAB1);
      assert.equal(r.code, 1, `${cmd}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^${what} locked during the assessment of ${LAB1} \\(time is up at \\d\\d:\\d\\d UTC\\)`), cmd);
      assert.equal(r.stdout, '', `${cmd} shows nothing of what it locks`);
    }
    const file = join(ws, '.breakfix', 'progress.json');
    const revealed = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).labs[LAB1]?.hintsRevealed ?? 0) : 0;
    assert.equal(revealed, 0, 'no hint was counted');
  });

  it('every refusal is in the timeline, for the reviewer', async () => {
    run('hint', LAB1);
    run('solution', LAB1);
    const { record } = await readAssessment(ws);
    assert.deepEqual(record!.events.filter((e) => e.kind === 'locked').map((e) => e.detail), ['asked for hints: refused', 'asked for solution: refused']);
  });

  it('show prints the spec without its acceptance signals', () => {
    const r = run('show', LAB1);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /## The story/);
    assert.match(r.stdout, /## Acceptance signals\n\n_The lab spec's acceptance signals are locked during the assessment/);
    const full = runCli(cli, ['show', LAB1], { labsDir: bundledLabs });
    assert.ok(full.stdout.length > r.stdout.length + 200, 'outside the assessment the section is whole');
  });

  it('a plain check is refused: during an assessment a check is a submit', () => {
    const r = run('check', LAB1);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /being assessed in this workspace: a check is a submit now\. Submit instead \(`breakfix assess submit`/);
  });

  it('status shows the countdown and the phase; ticket shows the symptoms and the root causes to choose from', () => {
    const s = run('assess', 'status');
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /^(29:[0-5]\d|30:00) left · phase: diagnose · notification-retry-storm\n$/);
    const t = run('assess', 'ticket');
    assert.match(t.stdout, /^INCIDENT: /);
    assert.match(t.stdout, /Symptoms:\n {2}- /);
    assert.match(t.stdout, /blind-immediate-retries +The worker retries/);
    assert.ok(!/provider-outage|kill-worker/.test(t.stdout), 'the ticket names no fault');
  });

  it('diagnose refuses an unknown root cause with the choices, records a good one, and the phase moves to fix', () => {
    const bad = run('assess', 'diagnose', '--symptom', 's', '--root-cause', 'aliens', '--evidence', 'e');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /"aliens" is not one of the root causes offered: .*blind-immediate-retries/);
    const missing = run('assess', 'diagnose', '--symptom', 's');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing --root-cause, --evidence/);
    const ok = run('assess', 'diagnose', '--symptom', 'copies', '--root-cause', 'blind-immediate-retries', '--evidence', 'provider-calls at 10x');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Diagnosis recorded at \d\d:\d\d:\d\d UTC: blind-immediate-retries/);
    assert.match(ok.stdout, /phase: fix/);
  });

  it('the report, which names the hidden incident, is refused while the candidate diagnoses or fixes', () => {
    const r = run('assess', 'report');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^The report shows the hidden incident .* Now: phase diagnose\./);
  });

  it('end asks first while time is left, then lifts the locks', () => {
    const no = run('assess', 'end');
    assert.equal(no.code, 1);
    assert.match(no.stderr, /Not confirmed: pass --yes to end it/);
    const yes = run('assess', 'end', '--yes');
    assert.equal(yes.code, 0, yes.stderr);
    assert.match(run('hint', LAB1).stdout, /^Hint 1 of /);
    assert.match(run('assess', 'status').stdout, /ended/);
  });

  it('start refuses while an assessment runs, and a lab with no such step is a usage error', () => {
    const r = run('assess', 'start', LAB1);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /an assessment of notification-retry-storm is running here .* End it first: `breakfix assess end`/);
    const u = run('assess', 'sumbit');
    assert.equal(u.code, 2);
    assert.match(u.stderr, /unknown step "sumbit"\. Did you mean "submit"\?/);
  });
});
