// The progress store: atomic writes, corrupt files moved aside (never dropped), read-only reads.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNote, openProgress, progressProblems, readLabStatus, readProgress, updateProgress } from '../../../src/core/progress';
import { progressPath } from '../../../src/core/workspace/paths';
import { sweepTemps, writeFileAtomic } from '../../../src/core/progress/atomicWrite';

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('progress store', () => {
  let ws: string;
  const dir = () => join(ws, '.breakfix');
  const file = () => progressPath(ws);
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-progress-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('reads a missing file as an empty version 1 store and creates nothing', async () => {
    const r = await readProgress(ws);
    assert.deepEqual(r, { progress: { version: 1, labs: {} }, warnings: [] });
    assert.deepEqual(readdirSync(ws), []);
  });

  it('writes a valid file and leaves no temp or lock file behind', async () => {
    for (let i = 0; i < 5; i++) await addNote(ws, 'lab-a', `note ${i}`, ['hot-partition']);
    assert.deepEqual(readdirSync(dir()), ['progress.json']);
    const data = JSON.parse(readFileSync(file(), 'utf8'));
    assert.deepEqual(progressProblems(data), []);
    assert.deepEqual(data.labs['lab-a'].notes.map((n: { text: string }) => n.text), ['note 0', 'note 1', 'note 2', 'note 3', 'note 4']);
  });

  it('writeFileAtomic replaces the file whole and removes its temp file', async () => {
    mkdirSync(dir());
    await writeFileAtomic(file(), 'old');
    await writeFileAtomic(file(), 'new');
    assert.equal(readFileSync(file(), 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir()), ['progress.json']);
  });

  it('sweeps temp files of dead writers but keeps those of live ones', async () => {
    mkdirSync(dir());
    const dead = join(dir(), `progress.json.tmp-${deadPid()}-abcd`);
    const live = join(dir(), `progress.json.tmp-${process.ppid}-abcd`);
    writeFileSync(dead, '{"half');
    writeFileSync(live, '{"half');
    assert.deepEqual(await sweepTemps(file(), 60_000), [dead]);
    assert.deepEqual(readdirSync(dir()).sort(), [`progress.json.tmp-${process.ppid}-abcd`]);
  });

  for (const [what, content, reason] of [
    ['invalid JSON', '{"version": 1, "labs": {', /not valid JSON/],
    ['a wrong shape', JSON.stringify({ version: 1, labs: { x: { status: 'done', attempts: [], hintsRevealed: 0, notes: [], updatedAt: '2026-01-01T00:00:00Z' } } }), /labs\.x\.status: expected one of not-started, running, broken, fixed, written-up, found "done"/],
    ['an unknown future version', JSON.stringify({ version: 2, labs: {} }), /version: expected 1, found 2/],
  ] as const) {
    it(`moves a file with ${what} to progress.json.corrupt-<time>, warns naming both files, starts fresh`, async () => {
      mkdirSync(dir());
      writeFileSync(file(), content);
      const { progress, warnings } = await addNote(ws, 'lab-a', 'after the crash');
      const corrupt = readdirSync(dir()).filter((f) => f.startsWith('progress.json.corrupt-'));
      assert.equal(corrupt.length, 1);
      assert.match(corrupt[0], /^progress\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
      assert.equal(readFileSync(join(dir(), corrupt[0]), 'utf8'), content, 'the old content is kept byte for byte');
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes(file()) && warnings[0].includes(join(dir(), corrupt[0])), warnings[0]);
      assert.match(warnings[0], reason);
      assert.deepEqual(Object.keys(progress.labs), ['lab-a']);
      assert.deepEqual(progressProblems(JSON.parse(readFileSync(file(), 'utf8'))), []);
    });
  }

  it('openProgress moves a corrupt file aside even when nothing else changes', async () => {
    mkdirSync(dir());
    writeFileSync(file(), 'not json');
    const r = await openProgress(ws);
    assert.equal(r.warnings.length, 1);
    assert.deepEqual(r.progress, { version: 1, labs: {} });
    assert.equal(readdirSync(dir()).filter((f) => f.includes('.corrupt-')).length, 1);
  });

  it('readProgress and readLabStatus never rename or write a corrupt file', async () => {
    mkdirSync(dir());
    writeFileSync(file(), 'not json');
    const r = await readProgress(ws);
    assert.deepEqual(r.progress.labs, {});
    assert.match(r.warnings[0], /is unreadable \(not valid JSON.*\); it will be moved aside on the next change/);
    assert.equal(await readLabStatus(ws, 'lab-a'), 'not-started');
    assert.deepEqual(readdirSync(dir()), ['progress.json']);
    assert.equal(readFileSync(file(), 'utf8'), 'not json');
  });

  it('readLabStatus is "passed" for fixed and written-up labs only', async () => {
    await updateProgress(ws, (p, now) => {
      for (const status of ['fixed', 'written-up', 'broken'] as const) p.labs[status] = { status, attempts: [], hintsRevealed: 0, notes: [], updatedAt: now };
    });
    assert.equal(await readLabStatus(ws, 'fixed'), 'passed');
    assert.equal(await readLabStatus(ws, 'written-up'), 'passed');
    assert.equal(await readLabStatus(ws, 'broken'), 'not-started');
    assert.equal(await readLabStatus(ws, 'unknown'), 'not-started');
    assert.equal(await readLabStatus(undefined, 'fixed'), 'not-started');
  });

  it('keeps unknown keys of a version 1 file when it writes', async () => {
    mkdirSync(dir());
    writeFileSync(file(), JSON.stringify({ version: 1, labs: {}, extra: { kept: true } }));
    await addNote(ws, 'lab-a', 'x');
    assert.deepEqual(JSON.parse(readFileSync(file(), 'utf8')).extra, { kept: true });
  });
});

describe('progress file validator', () => {
  const lab = { status: 'broken', attempts: [{ n: 1, verdict: 'fail', failed: ['p95'], report: 'r.md', at: '2026-01-01T00:00:00Z' }], best: { n: 1, verdict: 'fail' }, hintsRevealed: 1, notes: [{ text: 't', tags: ['hot-partition'], at: '2026-01-01T00:00:00Z' }], updatedAt: '2026-01-01T00:00:00Z' };

  it('accepts a full lab entry', () => {
    assert.deepEqual(progressProblems({ version: 1, labs: { a: lab } }), []);
  });

  it('names the path of every problem', () => {
    const bad = { ...lab, hintsRevealed: -1, attempts: [{ n: 0, verdict: 'maybe', failed: 'x', at: 'yesterday' }], notes: [{ text: 1, tags: [2], at: '2026-01-01T00:00:00Z' }] };
    assert.deepEqual(progressProblems({ version: 1, labs: { a: bad } }), [
      'labs.a.hintsRevealed: expected a whole number >= 0',
      'labs.a.attempts[0].n: expected a whole number >= 1',
      'labs.a.attempts[0].verdict: expected one of pass, fail, error, found "maybe"',
      'labs.a.attempts[0].failed: expected an array of check ids',
      'labs.a.attempts[0].at: expected an ISO 8601 time, found "yesterday"',
      'labs.a.notes[0].text: expected a string',
      'labs.a.notes[0].tags: expected an array of tags',
    ]);
    assert.deepEqual(progressProblems([]), ['(root): expected an object']);
    assert.deepEqual(progressProblems({ version: 1 }), ['labs: expected an object keyed by lab id']);
  });
});
