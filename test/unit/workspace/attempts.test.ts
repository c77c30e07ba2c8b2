// Each checker run of a started lab: recorded as attempt N, committed as "attempt N: <verdict>" (only the
// lab's files; empty when nothing changed), the commit linked from the attempt; `breakfix attempts` lists them.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunReport } from '../../../src/core/checker/types';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import { recordCheckAttempt } from '../../../src/core/progress';
import { startLab } from '../../../src/core/workspace';
import { fixtureLabs, runCli, tempCli } from '../cli/tempCli';
import { git, isolateGit } from './gitEnv';

const ID = 'tiny-queue';
/** A lab whose checks name no mistake (the mistake log has its own tests: test/unit/progress/mistakes.test.ts). */
const NO_TAGS = { checks: [] };

function report(ws: string, verdict: RunReport['verdict'], failed: string[], learnerDir = join(ws, 'labs', ID)): RunReport {
  return {
    lab: ID, mode: 'quick', verdict, startedAt: '2026-11-22T07:00:00.000Z', finishedAt: '2026-11-22T07:02:00.000Z', stackDir: join(ws, '.breakfix', 'check', ID), learnerDir, workspaceDir: ws,
    rebuilt: [], load: { service: 'load', requests: 10, rate: 5 }, timeline: [], checks: [], failed, durations: { up: 1, total: 1 },
    files: { json: join(ws, '.breakfix/runs/x.json'), md: join(ws, `.breakfix/runs/${verdict}.md`) },
  };
}

describe('attempts: one commit per checker run', () => {
  let ws: string;
  let restore: () => void;
  before(() => (restore = isolateGit()));
  after(() => restore());
  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'breakfix-attempts-'));
    const entry = findLab(await loadCatalogue(fixtureLabs), ID)!;
    await startLab(entry, ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('commits the lab folder as "attempt N: <verdict>" and links the commit; other changes stay out', async () => {
    appendFileSync(join(ws, 'labs', ID, 'README.md'), '\nmy fix\n');
    writeFileSync(join(ws, 'unrelated.txt'), 'staged elsewhere\n');
    git(ws, 'add', 'unrelated.txt');
    const first = await recordCheckAttempt(ws, report(ws, 'fail', ['p95']), NO_TAGS);
    assert.equal(first!.result.n, 1);
    assert.equal(git(ws, 'log', '-1', '--format=%s'), 'attempt 1: fail');
    assert.equal(first!.result.commit, git(ws, 'rev-parse', 'HEAD'));
    assert.equal(git(ws, 'show', '--name-only', '--format=', 'HEAD'), `labs/${ID}/README.md`);
    assert.equal(git(ws, 'diff', '--cached', '--name-only'), 'unrelated.txt', 'the unrelated staged file is still staged, not committed');

    // Nothing changed since: still an attempt, as an empty commit.
    const second = await recordCheckAttempt(ws, report(ws, 'pass', []), NO_TAGS);
    assert.equal(git(ws, 'log', '-1', '--format=%s'), 'attempt 2: pass');
    assert.equal(git(ws, 'show', '--name-only', '--format=', 'HEAD'), '');
    assert.equal(git(ws, 'diff', '--cached', '--name-only'), 'unrelated.txt');
    const stored = JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs[ID];
    assert.deepEqual(stored.attempts.map((a: { n: number; commit: string }) => [a.n, a.commit]), [[1, first!.result.commit], [2, second!.result.commit]]);
    assert.equal(stored.status, 'fixed');
  });

  it('a run from the bundled lab (no copy in the workspace) is recorded but not committed', async () => {
    const before = git(ws, 'rev-parse', 'HEAD');
    const r = await recordCheckAttempt(ws, report(ws, 'fail', ['x'], resolve(fixtureLabs, ID)), NO_TAGS);
    assert.equal(r!.result.commit, undefined);
    assert.equal(git(ws, 'rev-parse', 'HEAD'), before);
  });

  it('a repo whose labs/<id>/ was never started (e.g. the product\'s own tree) gets no attempt commit', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'breakfix-not-started-'));
    git(repo, 'init', '-q');
    mkdirSync(join(repo, 'labs', ID), { recursive: true });
    writeFileSync(join(repo, 'labs', ID, 'lab.yaml'), 'id: tiny-queue\n');
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=dev', '-c', 'user.email=dev@example.com', 'commit', '-qm', 'the product');
    const r = await recordCheckAttempt(repo, report(repo, 'fail', ['x']), NO_TAGS);
    assert.equal(r!.result.commit, undefined);
    assert.equal(git(repo, 'log', '--format=%s'), 'the product');
    rmSync(repo, { recursive: true, force: true });
  });

  it('a run that never started the stack (no engine, a failed build) is no attempt: nothing recorded, nothing committed', async () => {
    const before = git(ws, 'rev-parse', 'HEAD');
    const r = await recordCheckAttempt(ws, { ...report(ws, 'error', []), durations: { assemble: 0.1, total: 0.2 } }, NO_TAGS);
    assert.equal(r, null);
    assert.equal(git(ws, 'rev-parse', 'HEAD'), before);
    const progress = join(ws, '.breakfix', 'progress.json');
    assert.equal(existsSync(progress) ? JSON.parse(readFileSync(progress, 'utf8')).labs[ID]?.attempts?.length ?? 0 : 0, 0);
  });

  it('`breakfix attempts` lists them with verdict, failed checks and commit', async () => {
    await recordCheckAttempt(ws, report(ws, 'fail', ['p95', 'dup']), NO_TAGS);
    const cli = await tempCli();
    const r = runCli(cli, ['attempts', ID, '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const sha = git(ws, 'rev-parse', 'HEAD').slice(0, 12);
    assert.match(r.stdout, new RegExp(`^1\\s+fail\\s+p95, dup\\s+${sha}\\s`, 'm'));
    const asJson = JSON.parse(runCli(cli, ['attempts', ID, '--json', '--workspace', ws]).stdout);
    assert.equal(asJson.attempts[0].commit.slice(0, 12), sha);
    const none = runCli(cli, ['attempts', ID, '--workspace', mkdtempSync(join(tmpdir(), 'breakfix-empty-'))]);
    assert.match(none.stdout, /No attempts at tiny-queue yet: run `breakfix check tiny-queue`/);
  });
});
