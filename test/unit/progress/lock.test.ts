// The lock that serialises read-modify-write: stale locks are broken, live ones waited for, and
// concurrent writers in several processes lose nothing.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addNote, LockTimeoutError, progressProblems, updateProgress } from '../../../src/core/progress';
import { progressPath } from '../../../src/core/workspace/paths';

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const owner = (pid: number, host = hostname(), at = new Date().toISOString()) => JSON.stringify({ pid, host, at, token: `t${pid}` });

describe('progress store lock', () => {
  let ws: string;
  const lock = () => `${progressPath(ws)}.lock`;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'breakfix-lock-'));
    mkdirSync(join(ws, '.breakfix'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  // A long staleMs and a short timeout: only owner-death detection can let these writes through in time.
  const strict = { staleMs: 600_000, timeoutMs: 1500 };

  it('breaks a lock whose owner process has exited', async () => {
    writeFileSync(lock(), owner(deadPid()));
    await updateProgress(ws, () => undefined, strict);
    assert.deepEqual(readdirSync(join(ws, '.breakfix')), ['progress.json']);
  });

  it('breaks an empty lock (owner died between create and write) once it is 2 s old', async () => {
    writeFileSync(lock(), '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock(), old, old);
    await updateProgress(ws, () => undefined, strict);
    assert.deepEqual(readdirSync(join(ws, '.breakfix')), ['progress.json']);
  });

  it('breaks a lock of another host only when it is older than staleMs', async () => {
    writeFileSync(lock(), owner(1, 'other-host', new Date(Date.now() - 60_000).toISOString()));
    await updateProgress(ws, () => undefined, { staleMs: 30_000, timeoutMs: 1500 });
    writeFileSync(lock(), owner(1, 'other-host'));
    await assert.rejects(updateProgress(ws, () => undefined, { staleMs: 30_000, timeoutMs: 300 }), LockTimeoutError);
  });

  it('waits for a live owner, then names the lock file and how to clear it', async () => {
    const live = owner(process.ppid);
    writeFileSync(lock(), live);
    await assert.rejects(updateProgress(ws, () => undefined, { timeoutMs: 300 }), (err: Error) => {
      assert.ok(err instanceof LockTimeoutError);
      assert.ok(err.message.includes(`${lock()} is held by pid ${process.ppid} on ${hostname()}`), err.message);
      assert.match(err.message, /If no breakfix command or VS Code window is using this workspace, delete /);
      return true;
    });
    assert.equal(readFileSync(lock(), 'utf8'), live, 'a live lock is left alone');
  });

  it('says once that it waits for a live lock, naming the holder, after a second of silence (issue 14)', async function () {
    this.timeout(10_000);
    writeFileSync(lock(), owner(process.ppid));
    const notices: string[] = [];
    const started = Date.now();
    await assert.rejects(updateProgress(ws, () => undefined, { timeoutMs: 2500, onWait: (n) => notices.push(`${Date.now() - started} ${n}`) }), LockTimeoutError);
    assert.equal(notices.length, 1, notices.join('\n'));
    const [ms, ...rest] = notices[0].split(' ');
    assert.ok(Number(ms) >= 1000 && Number(ms) < 2500, `told after ${ms} ms`);
    assert.match(rest.join(' '), new RegExp(`^waiting for .*progress\\.json\\.lock, held by pid ${process.ppid} on .* \\(up to [12] s more\\)$`));
    // A lock that is free at once: no notice.
    rmSync(lock());
    await updateProgress(ws, () => undefined, { onWait: (n) => notices.push(n) });
    assert.equal(notices.length, 1);
  });

  it('breakfix note says what it waits for while another process holds the store', async function () {
    this.timeout(60_000);
    writeFileSync(lock(), owner(process.ppid));
    const cli = resolve(__dirname, '../../../dist/cli.js');
    const labs = resolve(__dirname, '../../fixtures/labs');
    const child = spawn(process.execPath, [cli, 'note', 'tiny-queue', 'a note', '--workspace', ws], { env: { ...process.env, BREAKFIX_LABS_DIR: labs }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (/breakfix note: waiting for /.test(stderr)) {
          clearInterval(poll);
          done();
        }
      }, 100);
    });
    rmSync(lock()); // the holder is done: the note goes through
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 0, stderr);
    assert.match(stderr, new RegExp(`breakfix note: waiting for .*progress\\.json\\.lock, held by pid ${process.ppid} on `));
    assert.match(JSON.stringify(JSON.parse(readFileSync(progressPath(ws), 'utf8'))), /a note/);
  });

  it('serialises writers inside one process', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => addNote(ws, 'lab-a', `n${i}`)));
    const notes = JSON.parse(readFileSync(progressPath(ws), 'utf8')).labs['lab-a'].notes;
    assert.equal(notes.length, 30);
  });

  it('loses no note with 4 processes x 25 concurrent notes', async function () {
    this.timeout(60_000);
    const worker = resolve(__dirname, 'noteWorker.ts');
    const codes = await Promise.all(
      [0, 1, 2, 3].map(
        (w) =>
          new Promise<[number | null, string]>((done) => {
            const child = spawn(process.execPath, ['-r', 'tsx/cjs', worker, ws, `w${w}`, '25'], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (d) => (stderr += d));
            child.on('exit', (code) => done([code, stderr]));
          }),
      ),
    );
    for (const [code, stderr] of codes) assert.equal(code, 0, stderr);
    const data = JSON.parse(readFileSync(progressPath(ws), 'utf8'));
    assert.deepEqual(progressProblems(data), []);
    const texts: string[] = data.labs['lab-a'].notes.map((n: { text: string }) => n.text);
    const expected = [0, 1, 2, 3].flatMap((w) => Array.from({ length: 25 }, (_, i) => `w${w}-${i}`));
    assert.deepEqual([...texts].sort(), expected.sort());
    assert.deepEqual(readdirSync(join(ws, '.breakfix')), ['progress.json']);
  });
});
