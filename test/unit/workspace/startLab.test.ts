// startLab: the learner's copy of a bundled lab, committed as a baseline on breakfix/<id> without touching
// anything else in the repo. Git runs with an empty HOME and no system config, so the fallback identity is exercised.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';
import { updateProgress } from '../../../src/core/progress/store';
import { listLabFiles, startLab, StartRefusedError } from '../../../src/core/workspace';
import { git, isolateGit } from './gitEnv';

const ID = 'notification-retry-storm';
const LEARNER = `labs/${ID}/services/worker/src/retry.js`;

describe('startLab', () => {
  let entry: LabEntry;
  let ws: string;
  let restore: () => void;
  const commits = () => Number(git(ws, 'rev-list', '--count', 'HEAD'));
  const progress = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs[ID];

  before(async () => {
    restore = isolateGit();
    const found = findLab(await loadCatalogue(resolve(__dirname, '../../../labs')), ID);
    assert.ok(found, `bundled lab ${ID} not found`);
    entry = found;
  });
  after(() => restore());
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-start-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('in a fresh folder: inits git, copies the lab without solution/ and mutants/, one baseline commit on breakfix/<id>', async () => {
    const r = await startLab(entry, ws);
    assert.equal(r.dir, join(ws, 'labs', ID));
    assert.equal(r.created, true);
    assert.equal(r.initialised, true);
    assert.equal(r.branch, `breakfix/${ID}`);
    assert.equal(git(ws, 'symbolic-ref', '--short', 'HEAD'), `breakfix/${ID}`);
    assert.equal(commits(), 1);
    assert.equal(r.commit, git(ws, 'rev-parse', 'HEAD'));
    assert.equal(git(ws, 'log', '-1', '--format=%s|%an'), `breakfix: start ${ID} (baseline)|Break/Fix Labs`);
    assert.ok(!existsSync(join(r.dir, 'solution')) && !existsSync(join(r.dir, 'mutants')), 'no solution/ or mutants/');
    for (const f of ['compose.yaml', 'prometheus.yml', 'services/worker/src/retry.js', 'grafana']) assert.ok(existsSync(join(r.dir, f)), f);
    const committed = git(ws, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n');
    assert.deepEqual(committed, ['.gitignore', ...listLabFiles(entry.dir).map((f) => `labs/${ID}/${f}`).sort()]);
    // The repo is Break/Fix's own: .breakfix/ is ignored by a .gitignore committed with the baseline.
    assert.equal(r.ignoredState, '.gitignore');
    assert.match(readFileSync(join(ws, '.gitignore'), 'utf8'), /^# Break\/Fix Labs: .*\n\.breakfix\/\n$/);
    assert.equal(git(ws, 'status', '--porcelain'), '', 'progress.json is written, and git does not see it');
    assert.ok(existsSync(join(ws, '.breakfix', 'progress.json')));
    assert.ok(!committed.some((f) => /\/(solution|mutants)\//.test(f)));
    assert.ok(!/user\.name|\[user\]/.test(readFileSync(join(ws, '.git', 'config'), 'utf8')), 'identity not written to config');
    const p = progress();
    assert.equal(p.status, 'running');
    assert.match(p.startedAt, /^\d{4}-\d\d-\d\dT/);
  });

  it('a second start is "already started": nothing copied, no new commit, startedAt kept', async () => {
    const first = await startLab(entry, ws);
    const startedAt = progress().startedAt;
    const r = await startLab(entry, ws);
    assert.equal(r.created, false);
    assert.equal(r.commit, undefined);
    assert.equal(r.initialised, false);
    assert.equal(git(ws, 'rev-parse', 'HEAD'), first.commit);
    assert.equal(progress().startedAt, startedAt);
  });

  it('refuses to replace edited or added files, lists them and changes nothing; --overwrite replaces the copy', async () => {
    await startLab(entry, ws);
    appendFileSync(join(ws, LEARNER), '\n// my fix\n');
    writeFileSync(join(ws, 'labs', ID, 'notes.txt'), 'mine');
    const edited = readFileSync(join(ws, LEARNER), 'utf8');
    await assert.rejects(startLab(entry, ws), (err: Error) => {
      assert.ok(err instanceof StartRefusedError);
      assert.deepEqual(err.files, [`${LEARNER} (changed)`, `labs/${ID}/notes.txt (added)`]);
      assert.match(err.message, /differs from the bundled lab in 2 file\(s\):\n {2}labs\/notification-retry-storm\/services\/worker\/src\/retry\.js \(changed\)/);
      assert.match(err.message, /--overwrite`: edits not committed to git are then lost/);
      return true;
    });
    assert.equal(readFileSync(join(ws, LEARNER), 'utf8'), edited);
    assert.equal(commits(), 1);

    const r = await startLab(entry, ws, { overwrite: true });
    assert.equal(r.created, true);
    assert.equal(readFileSync(join(ws, LEARNER), 'utf8'), readFileSync(join(entry.dir, 'services/worker/src/retry.js'), 'utf8'));
    assert.ok(!existsSync(join(ws, 'labs', ID, 'notes.txt')));
    // The edits were never committed, so the copy is back to the baseline: nothing new to commit.
    assert.equal(r.commit, undefined);
    assert.equal(git(ws, 'status', '--porcelain'), '', '.breakfix/ is ignored');
  });

  it('--overwrite after committed edits commits the fresh copy as a new baseline', async () => {
    await startLab(entry, ws);
    appendFileSync(join(ws, LEARNER), '\n// committed fix\n');
    git(ws, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'my fix');
    const r = await startLab(entry, ws, { overwrite: true });
    assert.ok(r.commit);
    assert.equal(commits(), 3);
    assert.equal(git(ws, 'diff', '--name-only', 'HEAD~1', 'HEAD'), LEARNER);
  });

  it('in an existing repo: other staged and unstaged changes stay exactly as they were; the commit touches only labs/<id>/', async () => {
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'config', 'user.name', 'Learner');
    git(ws, 'config', 'user.email', 'learner@example.com');
    writeFileSync(join(ws, 'tracked.txt'), 'v1\n');
    git(ws, 'add', 'tracked.txt');
    git(ws, 'commit', '-qm', 'init');
    writeFileSync(join(ws, 'tracked.txt'), 'v2 unstaged\n');
    writeFileSync(join(ws, 'staged.txt'), 'staged\n');
    git(ws, 'add', 'staged.txt');
    const before = { status: git(ws, 'status', '--porcelain'), cached: git(ws, 'diff', '--cached'), worktree: git(ws, 'diff') };

    const r = await startLab(entry, ws);
    assert.equal(r.initialised, false);
    assert.equal(git(ws, 'symbolic-ref', '--short', 'HEAD'), `breakfix/${ID}`);
    assert.equal(git(ws, 'log', '-1', '--format=%an'), 'Learner', 'the repo identity is used when set');
    const touched = git(ws, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD').split('\n');
    assert.ok(touched.length > 5);
    assert.deepEqual(touched.filter((f) => !f.startsWith(`labs/${ID}/`)), []);
    assert.equal(git(ws, 'status', '--porcelain'), before.status, 'the learner\'s files as they were, and .breakfix/ not listed');
    // Their repo, their .gitignore: the rule goes into git's local exclude file instead.
    assert.equal(r.ignoredState, 'info/exclude');
    assert.ok(!existsSync(join(ws, '.gitignore')));
    assert.match(readFileSync(join(ws, '.git', 'info', 'exclude'), 'utf8'), /\n\/\.breakfix\/\n$/);
    assert.equal((await startLab(entry, ws)).ignoredState, undefined, 'once is enough');
    assert.equal(git(ws, 'diff', '--cached'), before.cached);
    assert.equal(git(ws, 'diff'), before.worktree);
    assert.equal(readFileSync(join(ws, 'tracked.txt'), 'utf8'), 'v2 unstaged\n');
  });

  it('when switching to an existing breakfix/<id> would lose local changes: clear error, nothing copied or committed', async () => {
    git(ws, 'init', '-q', '-b', 'main');
    writeFileSync(join(ws, 'a.txt'), 'main\n');
    git(ws, 'add', 'a.txt');
    git(ws, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
    git(ws, 'checkout', '-qb', `breakfix/${ID}`);
    writeFileSync(join(ws, 'a.txt'), 'branch\n');
    git(ws, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qam', 'branch');
    git(ws, 'checkout', '-q', 'main');
    writeFileSync(join(ws, 'a.txt'), 'local edit\n');
    const head = git(ws, 'rev-parse', 'HEAD');

    await assert.rejects(startLab(entry, ws), /could not switch to the git branch breakfix\/notification-retry-storm: [\s\S]*a\.txt[\s\S]*Nothing was copied or committed\. Commit or stash/);
    assert.equal(git(ws, 'symbolic-ref', '--short', 'HEAD'), 'main');
    assert.equal(git(ws, 'rev-parse', 'HEAD'), head);
    assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'local edit\n');
    assert.ok(!existsSync(join(ws, 'labs')));
    assert.ok(!existsSync(join(ws, '.breakfix')), 'no progress recorded');
  });

  it('does not downgrade a lab that is already fixed', async () => {
    mkdirSync(join(ws, '.breakfix'));
    await updateProgress(ws, (p, now) => {
      p.labs[ID] = { status: 'fixed', attempts: [], hintsRevealed: 0, notes: [], updatedAt: now };
    });
    await startLab(entry, ws);
    assert.equal(progress().status, 'fixed');
    assert.ok(progress().startedAt);
  });
});
