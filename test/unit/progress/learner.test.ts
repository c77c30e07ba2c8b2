// Tags, notes and the mistake log, hints, attempts and the next-lab suggestion.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNote, isMistakeTag, mistakeLog, readProgress, recordAttempt, revealNextHint, suggestNext, TAGS, tagProblem, type LabProgress, type LabRef, type ProgressFile } from '../../../src/core/progress';

describe('progress: tags and notes', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-learner-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('documents the mistake tags the labs need, each with a meaning', () => {
    const required = ['missing-dedup', 'published-before-commit', 'retry-without-backoff', 'hot-partition', 'no-backoff-jitter', 'retried-permanent-error', 'no-circuit-breaker', 'no-dead-letter-queue', 'timeout-treated-as-failure', 'unbounded-redelivery'];
    for (const tag of required) assert.ok(isMistakeTag(tag), tag);
    for (const t of TAGS) assert.ok(t.meaning.length > 10, t.tag);
    assert.equal(isMistakeTag('observation'), false);
  });

  it('rejects an unknown tag with the closest one and the list', () => {
    assert.equal(tagProblem(['hot-partition', 'question']), undefined);
    const problem = tagProblem(['hot-partition', 'missing-dedupe'])!;
    assert.match(problem, /^unknown tag "missing-dedupe". Did you mean "missing-dedup"\? Tags:\n/);
    for (const t of TAGS) assert.ok(problem.includes(`  ${t.tag} `), t.tag);
    assert.match(tagProblem(['zzz'])!, /^unknown tag "zzz". Tags:/);
  });

  it('addNote refuses unknown tags and empty text without writing', async () => {
    await assert.rejects(addNote(ws, 'lab-a', 'x', ['nope']), /unknown tag "nope"/);
    await assert.rejects(addNote(ws, 'lab-a', '  '), /the note is empty/);
    assert.deepEqual((await readProgress(ws)).progress.labs, {});
  });

  it('the mistake log is the notes with a mistake tag; the lab counts as started', async () => {
    await addNote(ws, 'lab-a', 'provider calls x10', ['observation']);
    await addNote(ws, 'lab-a', 'retried 400s', ['retried-permanent-error', 'retried-permanent-error']);
    const lab = (await readProgress(ws)).progress.labs['lab-a'];
    assert.deepEqual(mistakeLog(lab).map((n) => [n.text, n.tags]), [['retried 400s', ['retried-permanent-error']]]);
    assert.equal(lab.status, 'not-started');
    assert.ok(lab.startedAt);
  });
});

describe('progress: hints', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-hints-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('reveals hints one at a time, then repeats them all without counting', async () => {
    const hints = ['one', 'two', 'three'];
    const seq = [];
    for (let i = 0; i < 5; i++) {
      const r = await revealNextHint(ws, 'lab-a', hints);
      seq.push([r.shown, r.revealedNew]);
    }
    assert.deepEqual(seq, [
      [['one'], true],
      [['one', 'two'], true],
      [hints, true],
      [hints, false],
      [hints, false],
    ]);
    assert.equal((await readProgress(ws)).progress.labs['lab-a'].hintsRevealed, 3);
  });
});

describe('progress: attempts', () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-attempts-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('numbers attempts, keeps the best run, and a pass stays fixed', async () => {
    await recordAttempt(ws, 'lab-a', { verdict: 'error', failed: [] });
    await recordAttempt(ws, 'lab-a', { verdict: 'fail', failed: ['p95'], report: 'runs/2.md' });
    let lab = (await readProgress(ws)).progress.labs['lab-a'];
    assert.equal(lab.status, 'broken');
    assert.deepEqual(lab.best, { n: 2, verdict: 'fail', report: 'runs/2.md' });
    await recordAttempt(ws, 'lab-a', { verdict: 'pass', failed: [], report: 'runs/3.md' });
    await recordAttempt(ws, 'lab-a', { verdict: 'fail', failed: ['dup'], report: 'runs/4.md' });
    lab = (await readProgress(ws)).progress.labs['lab-a'];
    assert.deepEqual(lab.attempts.map((a) => [a.n, a.verdict]), [[1, 'error'], [2, 'fail'], [3, 'pass'], [4, 'fail']]);
    assert.deepEqual(lab.best, { n: 3, verdict: 'pass', report: 'runs/3.md' });
    assert.equal(lab.status, 'fixed');
    assert.ok(lab.passedAt);
  });
});

describe('progress: next lab', () => {
  const labs: LabRef[] = [
    { id: 'adv', title: 'A', level: 'advanced' },
    { id: 'mid', title: 'M', level: 'intermediate' },
    { id: 'easy', title: 'E', level: 'beginner' },
    { id: 'easy2', title: 'E2', level: 'beginner' },
  ];
  const lab = (status: LabProgress['status'], updatedAt: string, extra: Partial<LabProgress> = {}): LabProgress => ({ status, attempts: [], hintsRevealed: 0, notes: [], updatedAt, ...extra });
  const store = (l: Record<string, LabProgress>): ProgressFile => ({ version: 1, labs: l });

  it('suggests the easiest lab first, in catalogue order within a level', () => {
    assert.deepEqual(suggestNext(labs, store({})), { kind: 'start', lab: labs[2] });
  });

  it('suggests a started, unfinished lab before any new one: the most recently touched', () => {
    const p = store({ adv: lab('broken', '2026-01-01T00:00:00Z'), mid: lab('not-started', '2026-01-02T00:00:00Z', { startedAt: '2026-01-02T00:00:00Z' }) });
    const s = suggestNext(labs, p);
    assert.equal(s.kind, 'continue');
    assert.equal(s.kind === 'continue' && s.lab.id, 'mid');
  });

  it('skips finished labs, and says when everything is done', () => {
    const fixed = lab('fixed', '2026-01-01T00:00:00Z');
    assert.deepEqual(suggestNext(labs, store({ easy: fixed, easy2: lab('written-up', '2026-01-01T00:00:00Z') })), { kind: 'start', lab: labs[1] });
    assert.deepEqual(suggestNext(labs, store({ adv: fixed, mid: fixed, easy: fixed, easy2: fixed })), { kind: 'done', finished: 4 });
    assert.deepEqual(suggestNext([], store({})), { kind: 'no-labs' });
  });
});
