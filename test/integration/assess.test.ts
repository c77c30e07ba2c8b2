// Assessment mode through the CLI on the real engine, lab 1 with a fixed seed: start (stack up, timer, the
// hidden incident replaying) → diagnose → the reference fix → submit (a pass) → a valid postmortem → bundle →
// verify confirms it by re-running it; a bundle whose report claims that pass for the unchanged baseline is
// flagged, because verify re-measures instead of trusting the report.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { readBundle } from '../../src/core/assessment/bundle';
import type { AssessmentRecord, AssessmentReport } from '../../src/core/assessment/types';
import { isProcessAlive } from '../../src/core/progress/fileLock';
import { checkStackDir } from '../../src/core/workspace/paths';
import { applyReferenceFix } from '../support/referenceFix';
import { breakfix, eventually, requireEngine } from './helpers';

const LAB = 'notification-retry-storm';
const SEED = 'ci-7';

describe(`assessment mode from the CLI on ${LAB} (real engine, seed ${SEED})`, function () {
  let ws: string;
  let bundle: string;
  const cli = (...args: string[]) => breakfix([...args, '--workspace', ws]);
  const record = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'assessment.json'), 'utf8')) as AssessmentRecord;
  const incidentLog = () => (existsSync(join(ws, '.breakfix', 'assessment', 'incident.log')) ? readFileSync(join(ws, '.breakfix', 'assessment', 'incident.log'), 'utf8') : '');

  before(function () {
    requireEngine(this);
    ws = mkdtempSync(join(tmpdir(), 'bf-assess-'));
    breakfix(['down', LAB]);
  });
  after(function () {
    if (!ws) return;
    const pid = existsSync(join(ws, '.breakfix', 'assessment.json')) ? record().driver?.pid : undefined;
    if (pid && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    breakfix(['down', LAB]);
    rmSync(checkStackDir(ws, LAB), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  });

  it('start brings the stack up, starts the timer and the hidden incident, and prints a ticket that names no fault', async function () {
    const r = cli('assess', 'start', LAB, '--seed', SEED, '--minutes', '20');
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    assert.match(r.stdout, /^INCIDENT: /);
    const rec = record();
    assert.equal(rec.seed, SEED);
    assert.equal(Date.parse(rec.deadline) - Date.parse(rec.startedAt), 20 * 60_000);
    assert.ok(rec.driver && isProcessAlive(rec.driver.pid), 'the incident driver runs');
    for (const f of rec.faults) assert.ok(!r.stdout.includes(f), `the ticket names the fault ${f}`);
    // The first episode starts 10–25 s in: the driver injects it into the running stack.
    const injected = await eventually('the driver injects the first fault', 60_000, async () => /injected ([\w-]+)/.exec(incidentLog())?.[1]);
    assert.ok(rec.faults.includes(injected), `${injected} is from the pool`);
  });

  it('the hints and the solution are locked; the diagnosis is recorded', function () {
    assert.match(cli('hint', LAB).stderr, /^Hints are locked during the assessment/);
    assert.match(cli('solution', LAB).stderr, /^The reference solution is locked during the assessment/);
    const d = cli('assess', 'diagnose', '--symptom', 'duplicate emails and a storm of provider calls', '--root-cause', 'blind-immediate-retries', '--evidence', 'Provider calls per second at 10x the intake while the provider fails');
    assert.equal(d.code, 0, d.stderr);
    assert.equal(record().diagnosis?.rootCause, 'blind-immediate-retries');
  });

  it('with the reference fix, submit pauses the incident, passes, and the incident goes on', function () {
    applyReferenceFix(ws, LAB);
    const r = cli('assess', 'submit');
    assert.equal(r.code, 0, `submit should pass:\n${r.stdout}\n${r.stderr.slice(-3000)}`);
    assert.match(r.stdout, /Submit 1: pass\./);
    const rec = record();
    assert.equal(rec.submits.length, 1);
    assert.equal(rec.submits[0].verdict, 'pass');
    assert.ok(rec.submits[0].commit, 'the submit is an attempt commit');
    assert.ok(rec.driver && isProcessAlive(rec.driver.pid), 'the driver was started again');
    assert.match(cli('assess', 'status').stdout, /phase: postmortem/);
  });

  it('a valid postmortem, then bundle ends the assessment and writes the report, the diff and the writeup', async function () {
    assert.equal(cli('writeup', LAB).code, 0);
    const file = join(ws, 'writeups', `${LAB}.md`);
    const pass = JSON.parse(readFileSync(record().submits[0].report!, 'utf8')) as { checks: { id: string; measured: number }[] };
    const cited = pass.checks.find((c) => typeof c.measured === 'number' && c.measured !== 0)!;
    const own = (topic: string) =>
      `\nIn the ${topic} I explain in my own words what I saw during the incident: the worker retried every provider failure ` +
      `at once, so each outage turned one notification into a burst of calls, late answers were sent twice and permanent ` +
      `rejections were retried for nothing, until the fix bounded every part of that behaviour with backoff and a key.\n`;
    let text = readFileSync(file, 'utf8');
    for (const s of ['Symptom', 'Root cause', 'Metric', 'Fix', 'Tradeoff', 'Interview narrative']) {
      text = text.replace(`\n## ${s}\n`, `\n## ${s}\n${own(s.toLowerCase())}${s === 'Metric' ? `The ${cited.id} check measured ${cited.measured} after the fix.\n` : ''}`);
    }
    writeFileSync(file, text);
    assert.equal(cli('writeup', LAB, '--check').code, 0);
    const pid = record().driver!.pid;
    bundle = join(ws, 'candidate.tgz');
    const b = cli('assess', 'bundle', '--out', bundle, '--yes');
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /^Score: [\d.]+ \/ 100/);
    assert.ok(!isProcessAlive(pid), 'bundling stopped the incident');
    assert.ok(record().endedAt);
    const entries = await readBundle(bundle);
    const report = JSON.parse(entries.get('report.json')!) as AssessmentReport;
    assert.equal(report.submits.at(-1)?.verdict, 'pass');
    assert.equal(report.postmortem.ok, true, report.postmortem.problems.join('; '));
    assert.equal(report.score.parts.find((p) => p.part === 'diagnosis')?.points, 25);
    assert.ok(report.changedFiles.length > 0 && entries.get('changes.diff')!.includes('+++ b/services/worker/'));
    assert.ok(report.timeline.some((e) => e.kind === 'locked'), 'the refused hint is in the timeline');
    assert.match(entries.get('report.html')!, /Assessment report: /);
  });

  it('verify re-runs the bundle on a fresh copy of the lab and confirms it', function () {
    const v = breakfix(['assess', 'verify', bundle]);
    assert.equal(v.code, 0, `verify should confirm:\n${v.stdout}\n${v.stderr.slice(-3000)}`);
    assert.match(v.stdout, /Verdict: claimed pass, re-measured pass\./);
    assert.match(v.stdout, /CONFIRMED/);
  });

  it('a bundle whose report claims that pass for the unchanged baseline is flagged, with what disagrees', async function () {
    const entries = await readBundle(bundle);
    const report = JSON.parse(entries.get('report.json')!) as AssessmentReport;
    const forged = { ...report, diff: '', changedFiles: [] };
    const p = pack();
    const chunks: Buffer[] = [];
    p.on('data', (c: unknown) => chunks.push(c as Buffer));
    const done = new Promise<Buffer>((ok) => p.on('end', () => ok(Buffer.concat(chunks))));
    p.entry({ name: 'report.json' }, JSON.stringify(forged));
    p.entry({ name: 'changes.diff' }, '');
    p.finalize();
    const file = resolve(ws, 'forged.tgz');
    writeFileSync(file, gzipSync(await done));
    const v = breakfix(['assess', 'verify', file]);
    assert.equal(v.code, 1, `verify must flag the forged bundle:\n${v.stdout}\n${v.stderr.slice(-2000)}`);
    assert.match(v.stdout, /Verdict: claimed pass, re-measured fail\./);
    assert.match(v.stdout, /FLAGGED: \d+ disagreements? between the bundle and what was measured here/);
    assert.match(v.stdout, /no-duplicates: the report claims pass \(0\), the re-run measured fail/);
  });
});
