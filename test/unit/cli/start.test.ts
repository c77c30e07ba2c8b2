// `breakfix start`: the temp-built CLI against the tiny-queue fixture lab, in a fresh temp workspace.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolateGit } from '../workspace/gitEnv';
import { fixtureLabs, runCli, tempCli } from './tempCli';

const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();

describe('breakfix start', () => {
  let cli: string;
  let ws: string;
  let restore: () => void;
  const readme = () => join(ws, 'labs', 'tiny-queue', 'README.md');
  before(async () => {
    restore = isolateGit();
    cli = await tempCli();
  });
  after(() => restore());
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-start-cli-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('copies the lab, commits the baseline on breakfix/<lab> and prints the next steps', () => {
    const r = runCli(cli, ['start', 'tiny-queue', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const sha = git(ws, 'rev-parse', 'HEAD');
    assert.match(r.stdout, new RegExp(`Copied tiny-queue to ${join(ws, 'labs', 'tiny-queue').replace(/[.\\/]/g, '\\$&')}\\.`));
    assert.match(r.stdout, new RegExp(`Branch: breakfix/tiny-queue, baseline commit ${sha.slice(0, 12)}\\.`));
    assert.match(r.stdout, /breakfix up tiny-queue[\s\S]*breakfix break tiny-queue <fault>[\s\S]*breakfix check tiny-queue/);
    // solution/ (the reference fix) is not copied.
    assert.equal(git(ws, 'ls-tree', '-r', '--name-only', 'HEAD'), ['.gitignore', 'labs/tiny-queue/README.md', 'labs/tiny-queue/compose.yaml', 'labs/tiny-queue/lab.yaml', 'labs/tiny-queue/writeup.md'].join('\n'));
    assert.match(r.stdout, /^Initialised a git repository in .*: each check commits your lab folder as an attempt/m);
    assert.match(r.stdout, /^Added \.breakfix\/ \(progress, run reports\) to \.gitignore, committed with the baseline\.$/m);
    const p = JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs['tiny-queue'];
    assert.equal(p.status, 'running');
    assert.ok(p.startedAt);

    const again = runCli(cli, ['start', 'tiny-queue'], { cwd: ws });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /tiny-queue is already started in .*; nothing to copy\.\nBranch: breakfix\/tiny-queue, no new commit\./);
    assert.equal(git(ws, 'rev-parse', 'HEAD'), sha);
  });

  it('refuses to overwrite an edited file (exit 1, file unchanged); --overwrite replaces it', () => {
    assert.equal(runCli(cli, ['start', 'tiny-queue', '--workspace', ws]).code, 0);
    appendFileSync(readme(), 'my edit\n');
    const edited = readFileSync(readme(), 'utf8');
    const r = runCli(cli, ['start', 'tiny-queue', '--workspace', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^breakfix start: .*tiny-queue already exists and differs from the bundled lab in 1 file\(s\):\n {2}labs\/tiny-queue\/README\.md \(changed\)\n/);
    assert.match(r.stderr, /run `breakfix start tiny-queue --overwrite`/);
    assert.equal(readFileSync(readme(), 'utf8'), edited);

    const o = runCli(cli, ['start', 'tiny-queue', '--workspace', ws, '--overwrite']);
    assert.equal(o.code, 0, o.stderr);
    assert.equal(readFileSync(readme(), 'utf8'), readFileSync(join(fixtureLabs, 'tiny-queue', 'README.md'), 'utf8'));
  });

  it('an unknown lab is a usage error and creates nothing', () => {
    const r = runCli(cli, ['start', 'tiny-queu', '--workspace', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown lab "tiny-queu"/);
    assert.ok(!existsSync(join(ws, '.git')) && !existsSync(join(ws, 'labs')));
  });
});
