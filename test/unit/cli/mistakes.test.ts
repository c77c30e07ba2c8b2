// `breakfix mistakes`: the mistake log of a workspace, from failed checks (fixed by which attempt, or open)
// and from mistake-tagged notes, as a table with the tags' meanings or as JSON.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempCli } from './tempCli';

const AT = (m: number) => `2026-05-01T10:${String(m).padStart(2, '0')}:00.000Z`;
const PROGRESS = {
  version: 1,
  labs: {
    'tiny-queue': {
      status: 'fixed',
      attempts: [
        { n: 1, verdict: 'fail', failed: ['all-up', 'dupes'], commit: 'a'.repeat(40), at: AT(0) },
        { n: 2, verdict: 'fail', failed: ['dupes'], at: AT(10) },
        { n: 3, verdict: 'pass', failed: [], at: AT(20) },
      ],
      hintsRevealed: 0,
      notes: [
        { text: 'looked at the queue', tags: ['observation'], at: AT(5) },
        { text: 'the worker sends without an idempotency key', tags: ['missing-dedup'], at: AT(6) },
      ],
      mistakes: [
        { tag: 'missing-dedup', check: 'dupes', n: 1, measured: 1234, threshold: 0, op: '==', unit: 'count', commit: 'a'.repeat(40), at: AT(0), again: [{ n: 2, measured: 3, at: AT(10) }], fixed: { n: 3, at: AT(20) } },
        { tag: 'work-in-request-path', check: 'p95', n: 2, measured: 0.31, threshold: 0.15, op: '<', unit: 'seconds', at: AT(10) },
      ],
      updatedAt: AT(20),
    },
    'other-lab': { status: 'broken', attempts: [], hintsRevealed: 0, notes: [{ text: 'no backoff', tags: ['retry-without-backoff'], at: AT(1) }], updatedAt: AT(1) },
  },
};

describe('breakfix mistakes', () => {
  let cli: string;
  let ws: string;
  before(async () => (cli = await tempCli()));
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-mistakes-cli-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));
  const write = (p: unknown) => {
    mkdirSync(join(ws, '.breakfix'), { recursive: true });
    writeFileSync(join(ws, '.breakfix', 'progress.json'), JSON.stringify(p));
  };

  it('lists when, lab, check or note, the mistake, measured vs threshold and which attempt fixed it, oldest first, with the meanings', () => {
    write(PROGRESS);
    const r = runCli(cli, ['mistakes', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^WHEN \(UTC\) +LAB +FROM +MISTAKE +DETAIL +STATE$/);
    assert.match(lines[1], /^2026-05-01 10:00 +tiny-queue +check dupes +missing-dedup +measured 1234, needs == 0 +fixed by attempt 3 \(failed in 1, 2\)$/);
    assert.match(lines[2], /^2026-05-01 10:01 +other-lab +note +retry-without-backoff +no backoff +note 1$/);
    assert.match(lines[3], /^2026-05-01 10:06 +tiny-queue +note +missing-dedup +the worker sends without an idempotency key +note 2$/);
    assert.match(lines[4], /^2026-05-01 10:10 +tiny-queue +check p95 +work-in-request-path +measured 0\.31 seconds, needs < 0\.15 seconds +open \(failed in 2\)$/);
    assert.ok(!r.stdout.includes('looked at the queue'), 'a note without a mistake tag is not in the log');
    assert.match(r.stdout, /\n2 from failed checks \(1 open, 1 fixed\), 2 from your notes\.\n/);
    assert.match(r.stdout, /\n {2}missing-dedup +a retried or redelivered message was processed twice/);
    assert.match(r.stdout, /\n {2}work-in-request-path +slow work was done before answering/);
  });

  it('--lab keeps one lab; --json gives every field, automatic entries told apart from notes', () => {
    write(PROGRESS);
    const r = runCli(cli, ['mistakes', '--lab', 'tiny-queue', '--json', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.lab, 'tiny-queue');
    assert.deepEqual(out.mistakes.map((m: { source: string; tag: string }) => [m.source, m.tag]), [['check', 'missing-dedup'], ['note', 'missing-dedup'], ['check', 'work-in-request-path']]);
    const [first] = out.mistakes;
    assert.deepEqual(
      { check: first.check, attempts: first.attempts, measured: first.measured, threshold: first.threshold, op: first.op, unit: first.unit, commit: first.commit, fixed: first.fixed },
      { check: 'dupes', attempts: [1, 2], measured: 1234, threshold: 0, op: '==', unit: 'count', commit: 'a'.repeat(40), fixed: { n: 3, at: AT(20) } },
    );
    assert.match(first.meaning, /idempotency key/);
    assert.equal(out.mistakes[2].fixed, null, 'open');
    assert.equal(out.mistakes[1].note, 2);
  });

  it('an empty log says how entries get there and creates nothing; an unknown lab is a usage error', () => {
    const r = runCli(cli, ['mistakes', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^No mistakes logged yet\. A failing check that names a mistake in lab\.yaml is logged by `breakfix check`/);
    assert.deepEqual(readdirSync(ws), []);
    const bad = runCli(cli, ['mistakes', '--lab', 'tiny-queu', '--workspace', ws]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown lab "tiny-queu". Did you mean "tiny-queue"\?/);
  });
});
