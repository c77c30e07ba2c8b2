// `breakfix next`: a started unfinished lab first, else the easiest new one, else "everything is done".
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labsWithLevels, runCli, tempCli } from './tempCli';

describe('breakfix next', () => {
  let cli: string;
  let ws: string;
  let labs: string;
  before(async () => {
    cli = await tempCli();
    labs = labsWithLevels({ 'lab-a': 'advanced', 'lab-b': 'beginner', 'lab-c': 'intermediate' });
  });
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-next-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const next = () => runCli(cli, ['next', '--workspace', ws], { labsDir: labs });
  const setStatuses = (statuses: Record<string, string>) => {
    mkdirSync(join(ws, '.breakfix'), { recursive: true });
    const at = '2026-01-01T00:00:00.000Z';
    const entries = Object.fromEntries(Object.entries(statuses).map(([id, status]) => [id, { status, attempts: [], hintsRevealed: 0, notes: [], updatedAt: at }]));
    writeFileSync(join(ws, '.breakfix', 'progress.json'), JSON.stringify({ version: 1, labs: entries }));
  };

  it('suggests the easiest lab on a fresh workspace', () => {
    const r = next();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Next: lab-b, Tiny queue \(beginner\): the easiest lab you have not started\.\nRead it with `breakfix show lab-b`\. Then `breakfix start lab-b` copies it into labs\/lab-b\/ and commits the baseline your attempts are compared with, and `breakfix up lab-b` runs it\./);
  });

  it('suggests the lab you started (a note counts) before an easier new one', () => {
    assert.equal(runCli(cli, ['note', 'lab-a', 'started here', '--workspace', ws], { labsDir: labs }).code, 0);
    assert.match(next().stdout, /^Next: lab-a, Tiny queue \(advanced\)\. You started it and it does not pass yet \(0 attempts, 0 hints, 1 note\)\./);
  });

  it('skips passed labs and says when everything is done', () => {
    setStatuses({ 'lab-b': 'fixed' });
    assert.match(next().stdout, /^Next: lab-c, Tiny queue \(intermediate\)/);
    setStatuses({ 'lab-a': 'written-up', 'lab-b': 'fixed', 'lab-c': 'fixed' });
    assert.equal(next().stdout.trim(), 'Everything is done: all 3 labs pass. Nothing left to suggest.');
  });

  it('a broken lab counts as started', () => {
    setStatuses({ 'lab-c': 'broken' });
    assert.match(next().stdout, /^Next: lab-c, .*You started it/);
  });
});
