// Issue 19 §3: the mistake log that records itself. A failing attempt logs each failing check's lab.yaml
// `mistake:` tag with the measured value and the attempt's commit; a later passing attempt marks it fixed.
// Old progress files load unchanged; a damaged log is set aside without costing the rest of the store.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../src/core/checker/types';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';
import { addNote, mistakeDetail, mistakeLogItems, mistakeLogOf, mistakeState, openProgress, readProgress, recordAttempt, recordCheckAttempt } from '../../../src/core/progress';
import { startLab } from '../../../src/core/workspace';
import { git, isolateGit } from '../workspace/gitEnv';
import { fakeRun } from '../writeup/fakeRun';
import { TAGGED_ID as ID, taggedTinyQueue } from './taggedLab';

describe('the automatic mistake log', () => {
  let root: string;
  let ws: string;
  let entry: LabEntry;
  let restore: () => void;
  before(() => (restore = isolateGit()));
  after(() => restore());
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'breakfix-mistakes-'));
    mkdirSync(join(root, 'labs'));
    taggedTinyQueue(join(root, 'labs'));
    const cat = await loadCatalogue(join(root, 'labs'));
    assert.deepEqual(cat.problems, [], 'the schema takes `mistake:` on a check');
    entry = findLab(cat, ID)!;
    ws = join(root, 'ws');
    mkdirSync(ws);
    await startLab(entry, ws);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** fakeRun from the learner's copy, so the attempt is committed. */
  const run = (n: number, pass: boolean): RunReport => ({ ...fakeRun(ws, ID, n, pass), learnerDir: join(ws, 'labs', ID) });
  const stored = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs[ID];

  it('a failing attempt records the tag with the measured value, the threshold and the attempt\'s commit', async () => {
    const update = await recordCheckAttempt(ws, run(1, false), entry.lab);
    const commit = update!.result.commit!;
    assert.match(commit, /^[0-9a-f]{40}$/);
    assert.equal(commit, git(ws, 'rev-parse', 'HEAD'));
    const lab = stored();
    // all-up failed too, but names no mistake: only dupes is in the log.
    assert.deepEqual(lab.mistakes, [{ tag: 'missing-dedup', check: 'dupes', n: 1, measured: 1234, threshold: 0, op: '==', unit: 'count', at: lab.attempts[0].at, commit }]);
    const [item] = mistakeLogItems(ID, lab);
    assert.equal(item.source, 'check');
    assert.equal(mistakeDetail(item), 'measured 1234, needs == 0');
    assert.equal(mistakeState(item), 'open');
    assert.match(item.meaning, /idempotency key/);
  });

  it('a second failure adds to the open entry; a later pass marks it fixed by that attempt; a regression opens a new one', async () => {
    await recordCheckAttempt(ws, run(1, false), entry.lab);
    await recordCheckAttempt(ws, { ...run(2, false), checks: run(2, false).checks.map((c) => (c.id === 'dupes' ? { ...c, measured: 17 } : c)) }, entry.lab);
    let lab = stored();
    assert.equal(lab.mistakes.length, 1, 'no second entry for the same tag and check while it is open');
    assert.deepEqual(lab.mistakes[0].again.map((g: { n: number; measured: number; commit: string }) => [g.n, g.measured, g.commit]), [[2, 17, lab.attempts[1].commit]]);
    assert.equal(lab.mistakes[0].fixed, undefined);

    const pass = await recordCheckAttempt(ws, run(3, true), entry.lab);
    lab = stored();
    assert.deepEqual(lab.mistakes[0].fixed, { n: 3, at: lab.attempts[2].at, commit: pass!.result.commit });
    const [item] = mistakeLogItems(ID, lab);
    assert.equal(mistakeState(item), 'fixed by attempt 3');
    assert.deepEqual(item.source === 'check' && item.attempts, [1, 2]);

    await recordCheckAttempt(ws, run(4, false), entry.lab);
    lab = stored();
    assert.deepEqual(lab.mistakes.map((e: { n: number; fixed?: unknown }) => [e.n, !!e.fixed]), [[1, true], [4, false]]);
  });

  it('an attempt that errored neither records nor fixes; a check that names no mistake is never logged', async () => {
    await recordCheckAttempt(ws, { ...run(1, false), verdict: 'error' }, entry.lab);
    assert.equal(stored().mistakes, undefined);
    await recordCheckAttempt(ws, run(2, false), { checks: [] });
    assert.equal(stored().mistakes, undefined);
    await recordCheckAttempt(ws, run(3, false), entry.lab);
    await recordCheckAttempt(ws, { ...run(4, true), verdict: 'error' }, entry.lab);
    assert.equal(stored().mistakes[0].fixed, undefined);
  });

  it('typed notes with a mistake tag are in the log too, told apart from the automatic entries, oldest first', async () => {
    await addNote(ws, ID, 'counted the duplicates by hand', ['observation']);
    await recordCheckAttempt(ws, run(1, false), entry.lab);
    await addNote(ws, ID, 'no idempotency key on the send\nsecond line', ['missing-dedup', 'retry-without-backoff', 'question']);
    const { progress } = await readProgress(ws);
    const items = mistakeLogOf(progress, [ID]);
    assert.deepEqual(items.map((i) => [i.source, i.tag, mistakeState(i)]), [['check', 'missing-dedup', 'open'], ['note', 'missing-dedup', 'note 2'], ['note', 'retry-without-backoff', 'note 2']]);
    assert.equal(mistakeDetail(items[1]), 'no idempotency key on the send');
  });
});

describe('the mistake log in the progress file', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'breakfix-mistakes-file-'));
    mkdirSync(join(ws, '.breakfix'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));
  const file = () => join(ws, '.breakfix', 'progress.json');
  const OLD = {
    version: 1,
    labs: {
      'lab-a': {
        status: 'broken',
        attempts: [{ n: 1, verdict: 'fail', failed: ['p95'], at: '2026-05-01T10:00:00.000Z' }],
        best: { n: 1, verdict: 'fail' },
        hintsRevealed: 1,
        notes: [{ text: 'one notification cost 10 calls', tags: ['retry-without-backoff'], at: '2026-05-01T10:05:00.000Z' }],
        startedAt: '2026-05-01T09:55:00.000Z',
        updatedAt: '2026-05-01T10:05:00.000Z',
      },
    },
  };

  it('a file written before the log loads unchanged, is not rewritten by a read, and gains the log on the next attempt', async () => {
    const text = JSON.stringify(OLD, null, 2) + '\n';
    writeFileSync(file(), text);
    const read = await openProgress(ws);
    assert.deepEqual(read.warnings, []);
    assert.deepEqual(read.progress as unknown, OLD);
    assert.equal(readFileSync(file(), 'utf8'), text, 'nothing written');
    assert.deepEqual(mistakeLogItems('lab-a', read.progress.labs['lab-a']).map((i) => i.source), ['note']);
    await recordAttempt(ws, 'lab-a', {
      verdict: 'fail',
      failed: ['p95'],
      checks: [{ id: 'p95', pass: false, measured: 0.31, threshold: 0.15, op: '<', unit: 'seconds' }],
      mistakeTags: new Map([['p95', 'work-in-request-path']]),
    });
    const after = JSON.parse(readFileSync(file(), 'utf8'));
    assert.equal(after.version, 1);
    assert.deepEqual(after.labs['lab-a'].notes, OLD.labs['lab-a'].notes);
    assert.deepEqual(after.labs['lab-a'].mistakes.map((e: { tag: string; n: number; measured: number }) => [e.tag, e.n, e.measured]), [['work-in-request-path', 2, 0.31]]);
  });

  it('a damaged entry is set aside on the next change, with a warning; the valid entries and the rest of the store are kept', async () => {
    const good = { tag: 'missing-dedup', check: 'dupes', n: 1, measured: 3, threshold: 0, op: '==', at: '2026-05-01T10:00:00.000Z' };
    const bad = { tag: 'missing-dedup', check: 'dupes', n: 'one', measured: 3, threshold: 0, op: '≈', at: 'yesterday' };
    const damaged = { ...OLD, labs: { 'lab-a': { ...OLD.labs['lab-a'], mistakes: [good, bad] } } };
    writeFileSync(file(), JSON.stringify(damaged));

    const read = await readProgress(ws);
    assert.deepEqual(read.progress.labs['lab-a'].mistakes, [good]);
    assert.equal(read.warnings.length, 1);
    assert.match(read.warnings[0], /labs\.lab-a\.mistakes\[1\]\.n: expected a whole number >= 1/);
    assert.match(read.warnings[0], /the next change will set it aside/);
    assert.deepEqual(JSON.parse(readFileSync(file(), 'utf8')), damaged, 'a reader changes nothing');

    const note = await addNote(ws, 'lab-a', 'still here');
    assert.match(note.warnings.join('\n'), /it was set aside in labs\.lab-a\.mistakesUnreadable and the rest of the store was kept/);
    const after = JSON.parse(readFileSync(file(), 'utf8')).labs['lab-a'];
    assert.deepEqual(after.mistakes, [good]);
    assert.deepEqual(after.mistakesUnreadable, [bad], 'set aside as it was, not dropped');
    assert.deepEqual(after.attempts, OLD.labs['lab-a'].attempts);
    assert.equal(after.notes.length, 2);
    assert.deepEqual(readdirSync(join(ws, '.breakfix')).filter((f) => f.includes('corrupt')), [], 'the file was not moved aside');
    assert.deepEqual((await readProgress(ws)).warnings, [], 'once set aside, no more warnings');
  });

  it('a log that is not a list is set aside whole', async () => {
    writeFileSync(file(), JSON.stringify({ ...OLD, labs: { 'lab-a': { ...OLD.labs['lab-a'], mistakes: 'oops' } } }));
    const { warnings } = await openProgress(ws);
    assert.match(warnings.join('\n'), /labs\.lab-a\.mistakes: expected an array/);
    const after = JSON.parse(readFileSync(file(), 'utf8')).labs['lab-a'];
    assert.deepEqual([after.mistakes, after.mistakesUnreadable], [[], ['oops']]);
    assert.equal(existsSync(file()), true);
  });
});
