// Reset Lab: restores the baseline files (edited, added and deleted ones), commits the reset, keeps
// notes/attempts/hints; the CLI asks first and refuses without a terminal unless --yes.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import { addNote, readProgress, revealNextHint } from '../../../src/core/progress';
import { baselineFileText, labEdits, resetLab, startLab } from '../../../src/core/workspace';
import { fixtureLabs, runCli, tempCli } from '../cli/tempCli';
import { git, isolateGit } from './gitEnv';

const ID = 'tiny-queue';

describe('reset: back to the baseline, progress kept', () => {
  let ws: string;
  let restore: () => void;
  before(() => (restore = isolateGit()));
  after(() => restore());
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-reset-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('restores edited, added and deleted files from the baseline commit and keeps notes, attempts and hints', async () => {
    const entry = findLab(await loadCatalogue(fixtureLabs), ID)!;
    await startLab(entry, ws);
    const lab = join(ws, 'labs', ID);
    const original = readFileSync(join(lab, 'README.md'), 'utf8');
    appendFileSync(join(lab, 'README.md'), 'my edit\n');
    writeFileSync(join(lab, 'extra.js'), 'new\n');
    unlinkSync(join(lab, 'compose.yaml'));
    git(ws, 'add', 'labs');
    git(ws, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'my work');
    writeFileSync(join(ws, 'mine.txt'), 'unrelated, uncommitted\n');
    await addNote(ws, ID, 'keep me', ['missing-dedup']);
    await revealNextHint(ws, ID, entry.lab.hints);
    assert.deepEqual(labEdits(entry, ws), ['README.md', 'compose.yaml', 'extra.js']);

    const r = await resetLab(entry, ws);
    assert.equal(r.from, 'baseline-commit');
    assert.deepEqual(r.restored, ['README.md', 'compose.yaml', 'extra.js']);
    assert.equal(readFileSync(join(lab, 'README.md'), 'utf8'), original);
    assert.ok(existsSync(join(lab, 'compose.yaml')));
    assert.equal(existsSync(join(lab, 'extra.js')), false);
    assert.deepEqual(labEdits(entry, ws), []);
    assert.equal(git(ws, 'log', '-1', '--format=%s'), `breakfix: reset ${ID} to the baseline`);
    assert.equal(git(ws, 'status', '--porcelain', '--', 'labs', 'mine.txt'), '?? mine.txt', 'the lab is committed; the unrelated file is left alone');
    assert.equal(await baselineFileText(ws, ID, 'README.md'), original);
    const p = (await readProgress(ws)).progress.labs[ID]!;
    assert.equal(p.notes[0]!.text, 'keep me');
    assert.equal(p.hintsRevealed, 1);
  });

  it('refuses a lab that was never started', async () => {
    const entry = findLab(await loadCatalogue(fixtureLabs), ID)!;
    await assert.rejects(resetLab(entry, ws), /tiny-queue is not started in .*: there is no labs\/tiny-queue\/ to reset\. Run `breakfix start tiny-queue` first\./);
  });

  it('CLI: without a terminal and without --yes nothing is reset; with --yes it is', async () => {
    const cli = await tempCli();
    assert.equal(runCli(cli, ['start', ID], { cwd: ws }).code, 0);
    appendFileSync(join(ws, 'labs', ID, 'README.md'), 'my edit\n');
    const refused = runCli(cli, ['reset', ID], { cwd: ws });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /Reset throws away your changes to 1 file\(s\):\n  labs\/tiny-queue\/README\.md/);
    assert.match(refused.stderr, /run `breakfix reset tiny-queue --yes` to reset/);
    assert.match(readFileSync(join(ws, 'labs', ID, 'README.md'), 'utf8'), /my edit/);
    const done = runCli(cli, ['reset', ID, '--yes'], { cwd: ws });
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /reset to its baseline from the baseline commit: 1 file\(s\) restored/);
    assert.doesNotMatch(readFileSync(join(ws, 'labs', ID, 'README.md'), 'utf8'), /my edit/);
  });
});
