// The learner's whole loop on lab 1 through the CLI, on the real engine, with the reference solution:
// start → up (from the copy) → check (fail) → apply the fix → check (pass) → writeup (unlocked, pre-filled) → validate → export.
// Also the checker's run report in full (both checks are real `breakfix check` runs of the lab's scenario).
// Lab 1 uses fixed ports and one Compose project: run under `flock /tmp/lab1.lock` next to other sessions.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { RunReport } from '../../src/core/checker/types';
import { learnerFilesAmong, listLabFiles } from '../../src/core/labs/learnerFiles';
import { checkStackDir } from '../../src/core/workspace/paths';
import type { FaultState } from '../../src/core/faults/verify';
import type { ProgressFile } from '../../src/core/progress/types';
import { breakfix, projectLeftovers, repo, requireEngine } from './helpers';
import { applyReferenceFix } from '../support/referenceFix';

const LAB = 'notification-retry-storm';
const labDir = resolve(repo, 'labs', LAB);
const lab = parse(readFileSync(join(labDir, 'lab.yaml'), 'utf8')) as { learnerFiles: string[]; proof: { baselineFails: string[] }; checks: { id: string }[]; scenario: { load: { requests: number } } };

describe(`the learner's loop from the CLI on ${LAB} (real engine, reference solution)`, function () {
  let ws: string;
  let out: string;
  let baseline: RunReport;
  const cli = (...args: string[]) => breakfix([...args, '--workspace', ws]);
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ws, encoding: 'utf8' }).stdout.trim();
  const progress = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')) as ProgressFile;
  const activeFaults = () => {
    const r = breakfix(['faults', LAB, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as FaultState[]).filter((s) => s.active !== false).map((s) => s.id);
  };

  before(function () {
    requireEngine(this);
    ws = mkdtempSync(join(tmpdir(), 'bf-cli-loop-'));
    out = mkdtempSync(join(tmpdir(), 'bf-cli-export-'));
    breakfix(['down', LAB]);
  });
  after(function () {
    if (!ws) return;
    breakfix(['down', LAB]);
    rmSync(checkStackDir(ws, LAB), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('start copies the learner files and commits the baseline on breakfix/<lab>', function () {
    const r = breakfix(['start', LAB, '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const toEdit = learnerFilesAmong(lab.learnerFiles, listLabFiles(labDir));
    assert.ok(toEdit.length > 0);
    for (const f of toEdit) assert.ok(existsSync(join(ws, 'labs', LAB, f)), `labs/${LAB}/${f} was copied`);
    assert.ok(!existsSync(join(ws, 'labs', LAB, 'solution')), 'the reference solution is not copied');
    assert.equal(git('rev-parse', '--abbrev-ref', 'HEAD'), `breakfix/${LAB}`);
    assert.match(git('log', '--format=%s'), new RegExp(`^breakfix: start ${LAB} \\(baseline\\)$`));
  });

  it('up runs the stack from the workspace copy, not the bundled lab', function () {
    const r = cli('up', LAB);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /from your copy/);
    const dirs = spawnSync('docker', ['ps', '--filter', `label=com.docker.compose.project=breakfix-${LAB}`, '--format', '{{.Label "com.docker.compose.project.working_dir"}}'], { encoding: 'utf8' }).stdout;
    assert.deepEqual([...new Set(dirs.split('\n').filter(Boolean))], [join(ws, 'labs', LAB)]);
  });

  it('the writeup is locked before a pass, and says how to unlock it', function () {
    const r = cli('writeup', LAB);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /locked|pass/i);
    assert.ok(!existsSync(join(ws, 'writeups', `${LAB}.md`)));
  });

  it('check on the baseline fails the named checks, with a complete run report, recorded as attempt 1', function () {
    const t0 = Date.now();
    const r = cli('check', LAB, '--json');
    assert.equal(r.code, 1, `the baseline must fail (exit 1), got ${r.code}:\n${r.stderr.slice(-3000)}`);
    baseline = JSON.parse(r.stdout) as RunReport;
    console.log(`      baseline check: ${Math.round((Date.now() - t0) / 1000)} s (scenario ${baseline.durations.scenario} s); failed: ${baseline.failed.join(', ')}`);
    // Which of the lab's named checks fail is the proof's to assert (lint --prove); here: the baseline fails some.
    assert.ok(lab.proof.baselineFails.some((id) => baseline.failed.includes(id)), `the baseline fails one of ${lab.proof.baselineFails.join(', ')}`);
    assert.equal(baseline.learnerDir, join(ws, 'labs', LAB), "the learner's files come from the workspace copy");
    assert.ok(!baseline.stackDir.startsWith(ws) && baseline.stackDir.endsWith(LAB), `the stack runs from the check's assembled folder, outside the workspace: ${baseline.stackDir}`);
    assert.deepEqual(baseline.ignoredChanges, [], 'an unchanged copy: nothing is left out');
    assert.deepEqual(baseline.checks.filter((c) => !c.id.startsWith('constraint-')).map((c) => c.id), lab.checks.map((c) => c.id), 'every check is evaluated');
    for (const c of baseline.checks) assert.ok('measured' in c && c.threshold !== undefined && c.op && c.source, `check ${c.id} carries measured/threshold/op/source`);
    assert.ok(baseline.checks.some((c) => c.id.startsWith('constraint-')), 'constraints are evaluated as checks');
    assert.ok((baseline.load.summary?.sent ?? 0) > 0, 'the load ran');
    assert.ok(baseline.timeline.length > 0 && baseline.timeline.every((t) => t.injectedAt && t.revertedAt), 'every timeline fault was injected and reverted');
    assert.deepEqual(baseline.failed, baseline.checks.filter((c) => !c.pass).map((c) => c.id));
    assert.ok(baseline.series && Object.keys(baseline.series).length > 0, 'the panels\' data over the run is kept');
    assert.match(r.stderr, /checks fail: .*\(measured /);
    assert.ok(existsSync(baseline.files!.json) && existsSync(baseline.files!.md));
    assert.match(readFileSync(baseline.files!.md, 'utf8'), new RegExp(`^# Check of ${LAB}: `));
    assert.deepEqual(activeFaults(), [], 'no fault is left active after a check');
    const attempt = progress().labs[LAB].attempts[0];
    assert.deepEqual([attempt.n, attempt.verdict, attempt.failed, attempt.report], [1, 'fail', baseline.failed, baseline.files!.md]);
    assert.equal(progress().labs[LAB].status, 'broken');
    assert.equal(git('log', '-1', '--format=%s'), 'attempt 1: fail');
    assert.equal(attempt.commit, git('rev-parse', 'HEAD'));
  });

  it('attempts lists attempt 1 with its verdict and failing checks', function () {
    const r = cli('attempts', LAB);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\b.*fail/);
    for (const id of baseline.failed) assert.match(r.stdout, new RegExp(id));
  });

  it('with the reference fix, check passes every check: attempt 2, the lab is fixed', function () {
    applyReferenceFix(ws, LAB);
    const t0 = Date.now();
    const r = cli('check', LAB, '--json');
    const after = JSON.parse(r.stdout) as RunReport;
    console.log(`      solution check: ${Math.round((Date.now() - t0) / 1000)} s; ${after.checks.map((c) => `${c.id} ${c.measured}`).join(', ')}`);
    assert.equal(r.code, 0, `the fix must pass (exit 0); failed: ${after.failed.join(', ')}\n${r.stderr.slice(-2000)}`);
    assert.equal(after.verdict, 'pass');
    // The cost block (lab.yaml cost), measured by the check's own instruments: non-zero and plausible for both runs.
    const requests = lab.scenario.load.requests;
    for (const [name, c] of [['baseline', baseline.cost], ['fix', after.cost]] as const) {
      assert.ok(c, `the ${name} report carries a cost block`);
      console.log(`      cost of the ${name}: ${c.perThousand?.toFixed(4)} ${c.currency} per 1,000 ${c.events.title}; ${c.lines.map((l) => `${l.id} ${l.quantity}`).join(', ')}; ${c.notes.join('; ')}`);
      assert.deepEqual(c.notes, [], `every line was measured (${name})`);
      assert.ok(c.events.count! >= requests * 0.9 && c.events.count! <= requests, `about ${requests} notifications accepted (${name}): ${c.events.count}`);
      const calls = c.lines.find((l) => l.id === 'provider-calls')!.quantity!;
      assert.ok(calls >= c.events.count! * 0.5, `at least a call for most notifications (${name}): ${calls}`);
      assert.ok(c.perThousand! > 0);
    }
    assert.ok(baseline.cost!.perThousand! > 1.5 * after.cost!.perThousand!, `the retry storm costs more than the fix per 1,000: ${baseline.cost!.perThousand} against ${after.cost!.perThousand}`);
    const p = progress().labs[LAB];
    assert.deepEqual(p.attempts.map((a) => `${a.n} ${a.verdict}`), ['1 fail', '2 pass']);
    assert.equal(p.status, 'fixed');
    assert.equal(git('log', '-1', '--format=%s'), 'attempt 2: pass');
  });

  it('writeup creates writeups/<lab>.md pre-filled with the measured before/after, timeline, charts and diff stat', function () {
    const r = cli('writeup', LAB);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(ws, 'writeups', `${LAB}.md`), 'utf8');
    assert.match(text, /^# Postmortem/m, 'from the lab template');
    assert.match(text, /\| Check \| Threshold \| Before \| After \|/);
    for (const id of baseline.failed) assert.match(text, new RegExp(`\\| \\*\\*${id}\\*\\*: .*✘ [\\d.]+.*✔ [\\d.]+`), `${id}: failing before, passing after`);
    assert.match(text, /provider-outage/, 'the fault timeline');
    const charts = readdirSync(join(ws, 'writeups', LAB)).filter((f) => f.endsWith('.svg'));
    assert.ok(charts.length >= 3, `charts of the key panels: ${charts.join(', ')}`);
    assert.match(readFileSync(join(ws, 'writeups', LAB, charts[0]), 'utf8'), /<svg[^>]*>[\s\S]*<path/);
    assert.match(text, /deliver\.js/, 'the diff stat names the changed learner file');
  });

  it('writeup --check lists what is missing, then passes once every section is written: the lab is written up', function () {
    const first = cli('writeup', LAB, '--check');
    assert.equal(first.code, 1);
    assert.match(first.stderr, new RegExp(`${LAB}\\.md:\\d+: Symptom: .*40`));
    const cited = baseline.checks.find((c) => c.id === baseline.failed[0])!;
    const file = join(ws, 'writeups', `${LAB}.md`);
    const own = (topic: string) =>
      `\nIn the ${topic} I explain in my own words what the run showed: the worker retried every provider failure at once, ` +
      `so an outage turned each notification into a burst of calls, answers that came late were sent again, and permanent ` +
      `rejections were retried for nothing until the fix bounded every part of that behaviour.\n`;
    let text = readFileSync(file, 'utf8');
    for (const s of ['Symptom', 'Root cause', 'Metric', 'Fix', 'Tradeoff', 'Interview narrative']) {
      const extra = s === 'Metric' ? `The ${cited.id} check measured ${cited.measured} before the fix.\n` : '';
      text = text.replace(`\n## ${s}\n`, `\n## ${s}\n${own(s.toLowerCase())}${extra}`);
    }
    writeFileSync(file, text);
    const ok = cli('writeup', LAB, '--check');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /is written up/);
    assert.equal(progress().labs[LAB].status, 'written-up');
  });

  it('export writes the portfolio: index, the writeup with its charts, and both run reports', function () {
    const r = breakfix(['export', '--out', out, '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(out, 'index.md'), 'utf8'), new RegExp(LAB));
    assert.match(readFileSync(join(out, LAB, 'writeup.md'), 'utf8'), /\]\(charts\/[\w-]+\.svg\)/);
    assert.ok(readdirSync(join(out, LAB, 'charts')).some((f) => f.endsWith('.svg')));
    assert.deepEqual(readdirSync(join(out, LAB, 'runs')).sort(), ['attempt-1-fail.json', 'attempt-1-fail.md', 'attempt-2-pass.json', 'attempt-2-pass.md']);
  });

  it('down leaves nothing of the project', function () {
    assert.equal(breakfix(['down', LAB]).code, 0);
    assert.deepEqual(projectLeftovers(`breakfix-${LAB}`), []);
  });
});
