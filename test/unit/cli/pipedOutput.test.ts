// Issue 14: a large --json output read through a pipe arrives whole. Before the fix `main` called
// process.exit() right after asynchronous writes to a pipe, and the reader got the first 64–128 KiB.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { progressPath } from '../../../src/core/workspace/paths';

const cli = resolve(__dirname, '../../../dist/cli.js');
const fixtures = resolve(__dirname, '../../fixtures/labs');

/** Runs the CLI with stdout on a pipe that this process reads slowly (a consumer like `| jq` on a busy machine). */
function pipedRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, BREAKFIX_LABS_DIR: fixtures }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2); // slow reader: the pipe fills up
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe('breakfix: piped output is never cut', function () {
  this.timeout(60_000);
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'bf-pipe-'));
    const at = '2026-12-03T10:00:00.000Z';
    const attempts = Array.from({ length: 6000 }, (_, i) => ({
      n: i + 1,
      verdict: 'fail',
      failed: ['queue-drains', 'no-duplicates'],
      report: join(ws, '.breakfix', 'runs', 'tiny-queue', `run-${String(i + 1).padStart(5, '0')}.md`),
      commit: 'a'.repeat(40),
      at,
    }));
    mkdirSync(join(ws, '.breakfix'), { recursive: true });
    writeFileSync(progressPath(ws), JSON.stringify({ version: 1, labs: { 'tiny-queue': { status: 'running', attempts, hintsRevealed: 0, notes: [], updatedAt: at } } }));
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('attempts --json of more than 1 MB parses whole at the other end of a pipe', async () => {
    const r = await pipedRun(['attempts', 'tiny-queue', '--json', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 1_000_000, `only ${r.stdout.length} bytes arrived`);
    const parsed = JSON.parse(r.stdout) as { lab: string; attempts: { n: number }[] };
    assert.equal(parsed.lab, 'tiny-queue');
    assert.equal(parsed.attempts.length, 6000);
    assert.equal(parsed.attempts[5999].n, 6000);
  });
});
