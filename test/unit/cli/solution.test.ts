// The reference solution: locked until a pass or every hint; after every hint only with a confirmation,
// which is recorded; shown as a diff against the learner's copy.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProgress } from '../../../src/core/progress';
import { runCli, tempCli } from './tempCli';

const ID = 'tiny-queue';

describe('cli: solution', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-solution-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('is locked at first, needs --yes after every hint, records the viewing and prints the diff', async () => {
    const cli = await tempCli();
    const locked = runCli(cli, ['solution', ID], { cwd: ws });
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /unlocks when `breakfix check tiny-queue` passes, or after all 1 hints \(0 revealed so far: `breakfix hint tiny-queue`\)/);
    assert.equal(runCli(cli, ['hint', ID], { cwd: ws }).code, 0);
    const unconfirmed = runCli(cli, ['solution', ID], { cwd: ws });
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Not confirmed: run `breakfix solution tiny-queue --yes`/);
    assert.equal((await readProgress(ws)).progress.labs[ID]!.solutionViewed, undefined);
    const shown = runCli(cli, ['solution', ID, '--yes'], { cwd: ws });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /# Reference fix/);
    assert.match(shown.stdout, /--- \/dev\/null\n\+\+\+ b\/fix\.txt\n@@ -0,0 \+1(,1)? @@\n\+max-length 100/, 'a file the solution adds diffs against nothing');
    assert.equal((await readProgress(ws)).progress.labs[ID]!.solutionViewed?.reason, 'all-hints');
  });
});
