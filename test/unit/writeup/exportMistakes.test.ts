// The portfolio export includes each written-up lab's mistake log (issue 19): <lab>/mistakes.md, linked from
// the index, every entry with its check, measured value and the attempt that fixed it (linked to its report).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import { addNote, recordCheckAttempt, updateProgress } from '../../../src/core/progress';
import { startLab } from '../../../src/core/workspace';
import { writeupPath } from '../../../src/core/workspace/paths';
import { exportPortfolio } from '../../../src/core/writeup';
import { isolateGit } from '../workspace/gitEnv';
import { TAGGED_ID as ID, taggedTinyQueue } from '../progress/taggedLab';
import { fakeRun } from './fakeRun';

describe('export: the mistake log', () => {
  let root: string;
  let restore: () => void;
  before(() => (restore = isolateGit()));
  after(() => restore());
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'breakfix-export-mistakes-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A written-up lab (the writeup's content is not what this test is about). */
  async function writtenUp(ws: string) {
    writeFileSync(writeupPath(ws, ID), '# Postmortem\n');
    await updateProgress(ws, (p, now) => {
      p.labs[ID].status = 'written-up';
      p.labs[ID].writtenUpAt = now;
    });
  }

  it('writes <lab>/mistakes.md, linked from the index: failed checks with the attempt that fixed them, and mistake notes', async () => {
    mkdirSync(join(root, 'labs'));
    taggedTinyQueue(join(root, 'labs'));
    const entry = findLab(await loadCatalogue(join(root, 'labs')), ID)!;
    const ws = join(root, 'ws');
    mkdirSync(ws);
    await startLab(entry, ws);
    await recordCheckAttempt(ws, fakeRun(ws, ID, 1, false), entry.lab);
    await addNote(ws, ID, 'the worker | sends twice', ['missing-dedup']);
    await recordCheckAttempt(ws, fakeRun(ws, ID, 2, true), entry.lab);
    mkdirSync(dirname(writeupPath(ws, ID)), { recursive: true });
    await writtenUp(ws);

    const out = join(root, 'portfolio');
    await exportPortfolio([entry], ws, out);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    assert.match(index, /\| Path to the fix \| Mistakes \| Hints used \|/);
    assert.match(index, /passed on attempt 2 \| \[2, 1 fixed\]\(tiny-queue\/mistakes\.md\) \| 0 \|/);
    const log = readFileSync(join(out, ID, 'mistakes.md'), 'utf8');
    assert.match(log, /^# Mistake log: Tiny queue\n/);
    assert.match(log, /\| check `dupes`, \[attempt 1\]\(runs\/attempt-1-fail\.md\) \| `missing-dedup` \| measured 1234, needs == 0 \| fixed by \[attempt 2\]\(runs\/attempt-2-pass\.md\) \|/);
    assert.match(log, /\| note 1 \| `missing-dedup` \| the worker \\\| sends twice \| note \|/, 'a pipe in a note does not break the table');
    assert.match(log, /- `missing-dedup`: a retried or redelivered message was processed twice/);
    assert.ok(!/all-up/.test(log), 'a check that names no mistake is not in the log');
    for (const f of ['runs/attempt-1-fail.md', 'runs/attempt-2-pass.md']) assert.ok(existsSync(join(out, ID, f)), `the log links ${f}, which is exported`);
  });

  it('a lab with no mistakes logged says so in the index and gets no mistakes.md', async () => {
    mkdirSync(join(root, 'labs'));
    taggedTinyQueue(join(root, 'labs'));
    const entry = findLab(await loadCatalogue(join(root, 'labs')), ID)!;
    const ws = join(root, 'ws');
    mkdirSync(ws);
    await startLab(entry, ws);
    await recordCheckAttempt(ws, fakeRun(ws, ID, 1, true), entry.lab);
    mkdirSync(dirname(writeupPath(ws, ID)), { recursive: true });
    await writtenUp(ws);
    const out = join(root, 'portfolio');
    await exportPortfolio([entry], ws, out);
    assert.match(readFileSync(join(out, 'index.md'), 'utf8'), /passed on attempt 1 \| none logged \|/);
    assert.equal(existsSync(join(out, ID, 'mistakes.md')), false);
  });
});
