// `breakfix progress`: every catalogue lab with status, attempts, best verdict, hints and notes.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labsWithLevels, runCli, tempCli } from './tempCli';

describe('breakfix progress', () => {
  let cli: string;
  let ws: string;
  let labs: string;
  before(async () => {
    cli = await tempCli();
    labs = labsWithLevels({ 'lab-one': 'beginner', 'lab-two': 'advanced' });
  });
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-progress-cli-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const seed = () => {
    mkdirSync(join(ws, '.breakfix'));
    const at = '2026-01-02T03:04:05.000Z';
    writeFileSync(
      join(ws, '.breakfix', 'progress.json'),
      JSON.stringify({
        version: 1,
        labs: {
          'lab-two': {
            status: 'fixed',
            attempts: [
              { n: 1, verdict: 'fail', failed: ['all-up'], report: 'a.md', at },
              { n: 2, verdict: 'pass', failed: [], report: 'b.md', at },
            ],
            best: { n: 2, verdict: 'pass', report: 'b.md' },
            hintsRevealed: 1,
            notes: [{ text: 'n', tags: ['hot-partition'], at }, { text: 'o', tags: [], at }],
            updatedAt: at,
          },
        },
      }),
    );
  };

  it('--json lists every catalogue lab with its progress', () => {
    seed();
    const r = runCli(cli, ['progress', '--json', '--workspace', ws], { labsDir: labs });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.file, join(ws, '.breakfix', 'progress.json'));
    assert.deepEqual(out.labs, [
      { id: 'lab-one', title: 'Tiny queue', level: 'beginner', status: 'not-started', attempts: 0, best: null, bestReport: null, hintsRevealed: 0, hintsTotal: 1, notes: 0, mistakes: 0, updatedAt: null },
      { id: 'lab-two', title: 'Tiny queue', level: 'advanced', status: 'fixed', attempts: 2, best: 'pass', bestReport: 'b.md', hintsRevealed: 1, hintsTotal: 1, notes: 2, mistakes: 1, updatedAt: '2026-01-02T03:04:05.000Z' },
    ]);
  });

  it('prints a table, and reads without creating anything', () => {
    const empty = runCli(cli, ['progress', '--workspace', ws], { labsDir: labs });
    assert.equal(empty.code, 0, empty.stderr);
    assert.deepEqual(readdirSync(ws), [], 'a read creates no .breakfix folder');
    seed();
    const lines = runCli(cli, ['progress'], { labsDir: labs, cwd: ws }).stdout.trim().split('\n');
    assert.match(lines[0], /^LAB +LEVEL +STATUS +ATTEMPTS +BEST +HINTS +NOTES$/);
    assert.match(lines[1], /^lab-one +beginner +not-started +0 +- +0\/1 +0$/);
    assert.match(lines[2], /^lab-two +advanced +fixed +2 +pass +1\/1 +2 \(1 mistake\)$/);
  });
});
