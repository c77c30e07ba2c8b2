// Issue 5's reliability test: `kill -9` writers at random points during 1,000 note and progress writes;
// afterwards nothing is lost or corrupt, and nothing the killed writers left behind blocks a later one.
// (1) 1,000 writes by processes that each make many writes through the store API the CLI uses, killed
//     and replaced at random; (2) the real CLI, `breakfix note`, killed at random during 60 runs (one
//     CLI start costs ~0.35 s of CPU, so 1,000 of them would take minutes on 2 cores).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { progressProblems } from '../../../src/core/progress';
import { progressPath } from '../../../src/core/workspace/paths';
import { fixtureLabs, runCli, tempCli } from '../cli/tempCli';

const WRITES = 1000;
const CLI_RUNS = 60;
const PARALLEL = 8;
const KILL_SHARE = 0.5;

/** Small seeded PRNG (mulberry32), so a failing run can be replayed with BREAKFIX_KILL_SEED. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { kind: 'completed' } | { kind: 'killed'; pid: number } | { kind: 'failed'; detail: string };

describe('progress store under kill -9', function () {
  // Each `breakfix note` costs ~0.3-0.4 s of CPU (bundle load, ajv compiling lab.schema.json), so 1,000
  // of them take minutes on 2 cores, not seconds.
  this.timeout(600_000);
  let cli: string;
  let ws: string;
  before(async () => {
    cli = await tempCli();
    ws = mkdtempSync(join(tmpdir(), 'breakfix-kill9-'));
    mkdirSync(join(ws, '.breakfix')); // for the sampler; the store would create it
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it(`${CLI_RUNS} \`breakfix note\` runs with random SIGKILLs lose and corrupt nothing`, async () => {
    const seed = Number(process.env.BREAKFIX_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rand = random(seed);
    const dir = join(ws, '.breakfix');
    const env = { ...process.env, BREAKFIX_LABS_DIR: fixtureLabs };
    let typicalMs = 1000; // how long one run takes under this load: kill delays span it
    const started = Date.now();

    // Who held the lock or left a temp file, sampled while the storm runs (evidence, not asserted).
    const lockOwners = new Set<number>();
    const tempOwners = new Set<number>();
    const sampler = setInterval(() => {
      for (const name of readdirSync(dir)) {
        const temp = /^progress\.json\.tmp-(\d+)-/.exec(name);
        if (temp) tempOwners.add(Number(temp[1]));
        if (name === 'progress.json.lock') {
          try {
            lockOwners.add(JSON.parse(readFileSync(join(dir, name), 'utf8')).pid);
          } catch {
            // released or half-written meanwhile
          }
        }
      }
    }, 5);

    const runOne = (i: number) =>
      new Promise<Outcome>((done) => {
        const t0 = Date.now();
        const child = spawn(process.execPath, [cli, 'note', 'tiny-queue', `note-${i}`, '--workspace', ws], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const timer = rand() < KILL_SHARE ? setTimeout(() => child.kill('SIGKILL'), rand() * typicalMs * 1.2) : undefined;
        child.on('close', (code, signal) => { // 'close', not 'exit': every line the child printed has been read
          clearTimeout(timer);
          if (signal === 'SIGKILL') return done({ kind: 'killed', pid: child.pid! });
          if (code !== 0) return done({ kind: 'failed', detail: `note-${i} exited ${code ?? signal}: ${stderr}` });
          typicalMs = 0.9 * typicalMs + 0.1 * (Date.now() - t0);
          done({ kind: 'completed' });
        });
      });

    const outcomes: Outcome[] = [];
    let nextIndex = 0;
    try {
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (nextIndex < CLI_RUNS) {
            const i = nextIndex++;
            outcomes[i] = await runOne(i);
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    const leftovers = readdirSync(dir).filter((f) => f !== 'progress.json');

    // A later writer is not blocked by a lock or temp file a killed writer left, and cleans them up.
    const after = runCli(cli, ['note', 'tiny-queue', 'after-the-storm', '--workspace', ws]);
    assert.equal(after.code, 0, after.stderr);

    const failed = outcomes.filter((o) => o.kind === 'failed');
    const killed = outcomes.flatMap((o, i) => (o.kind === 'killed' ? [[i, o.pid] as const] : []));
    const completed = outcomes.flatMap((o, i) => (o.kind === 'completed' ? [i] : []));
    const data = JSON.parse(readFileSync(progressPath(ws), 'utf8'));
    assert.deepEqual(progressProblems(data), []);
    const counts = new Map<string, number>();
    for (const n of data.labs['tiny-queue'].notes) counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
    const killedSaved = killed.filter(([i]) => counts.has(`note-${i}`)).length;
    const killedPids = new Set(killed.map(([, pid]) => pid));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `      kill -9: ${completed.length} completed, ${killed.length} killed (${killedSaved} of them had already saved their note), ${failed.length} failed; ` +
        `killed while holding the lock: ${[...lockOwners].filter((p) => killedPids.has(p)).length}, temp files of killed writers seen: ${[...tempOwners].filter((p) => killedPids.has(p)).length}, ` +
        `left before the final write: ${leftovers.join(', ') || 'nothing'}; seed ${seed}, ${seconds} s`,
    );

    assert.deepEqual(failed, [], 'every writer that was not killed exits 0');
    assert.equal(completed.length + killed.length, CLI_RUNS);
    for (const i of completed) assert.equal(counts.get(`note-${i}`), 1, `note-${i} (completed) is present exactly once`);
    for (const [i] of killed) assert.ok((counts.get(`note-${i}`) ?? 0) <= 1, `note-${i} (killed) is present at most once`);
    assert.equal(counts.get('after-the-storm'), 1);
    assert.equal(counts.size, completed.length + killedSaved + 1, 'no note that nobody wrote');
    assert.deepEqual(readdirSync(dir), ['progress.json'], 'no .corrupt-, temp or lock file remains');
  });

  it(`${WRITES} note and attempt writes by processes killed at random lose and corrupt nothing`, async () => {
    const seed = Number(process.env.BREAKFIX_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rand = random(seed);
    const writer = join(mkdtempSync(join(tmpdir(), 'breakfix-writer-')), 'writer.js');
    await build({ entryPoints: [resolve(__dirname, 'writerProcess.ts')], outfile: writer, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
    const ws2 = mkdtempSync(join(tmpdir(), 'breakfix-kill9-api-'));
    const started = Date.now();
    const acked = new Set<number>();
    const inFlightWhenKilled: number[] = [];
    let kills = 0;
    let next = 0;
    const failures: string[] = [];

    /** One writer process for `indices`; killed after a random delay unless it finishes first. Resolves with the indices it did not reach. */
    const runWriter = (indices: number[]) =>
      new Promise<number[]>((done) => {
        const child = spawn(process.execPath, [writer, ws2, indices.join(',')], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let stderr = '';
        const seen: number[] = [];
        child.stdout.on('data', (d) => {
          out += d;
          for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
            const m = /^ok (\d+)$/.exec(out.slice(0, nl));
            out = out.slice(nl + 1);
            if (m) seen.push(Number(m[1]));
          }
        });
        child.stderr.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), 50 + rand() * 600);
        child.on('close', (code, signal) => { // 'close', not 'exit': every line the child printed has been read
          clearTimeout(timer);
          for (const i of seen) acked.add(i);
          const rest = indices.slice(seen.length);
          if (signal === 'SIGKILL') {
            kills++;
            // The write in flight when it died may or may not be saved; it is not retried.
            if (rest.length) inFlightWhenKilled.push(rest.shift()!);
            return done(rest);
          }
          if (code !== 0) failures.push(`writer exited ${code}: ${stderr}`);
          done([]);
        });
      });

    await Promise.all(
      Array.from({ length: 4 }, async () => {
        let mine: number[] = [];
        while (next < WRITES || mine.length) {
          if (!mine.length) {
            mine = Array.from({ length: Math.min(50, WRITES - next) }, (_, k) => next + k);
            next += mine.length;
          }
          mine = await runWriter(mine);
        }
      }),
    );
    assert.deepEqual(failures, []);

    const data = JSON.parse(readFileSync(progressPath(ws2), 'utf8'));
    assert.deepEqual(progressProblems(data), []);
    const lab = data.labs['lab-a'];
    const written = [
      ...lab.notes.map((n: { text: string }) => Number(n.text.replace('note-', ''))),
      ...lab.attempts.map((a: { failed: string[] }) => Number(a.failed[0].replace('w-', ''))),
    ];
    const counts = new Map<number, number>();
    for (const i of written) counts.set(i, (counts.get(i) ?? 0) + 1);
    const savedInFlight = inFlightWhenKilled.filter((i) => counts.has(i)).length;
    console.log(
      `      kill -9 (store API): ${WRITES} writes, ${acked.size} acknowledged, ${kills} writers killed (${inFlightWhenKilled.length} with a write in flight, ${savedInFlight} of those saved); seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.equal(acked.size + inFlightWhenKilled.length, WRITES, 'every write was attempted once');
    for (const i of acked) assert.equal(counts.get(i), 1, `write ${i} (acknowledged) is present exactly once`);
    for (const i of inFlightWhenKilled) assert.ok((counts.get(i) ?? 0) <= 1, `write ${i} (in flight when killed) is present at most once`);
    assert.equal(counts.size, acked.size + savedInFlight, 'no write that nobody made');
    assert.ok(kills >= 10, `the writers were killed often enough to mean something (${kills})`);
    assert.deepEqual(lab.attempts.map((a: { n: number }) => a.n), lab.attempts.map((_: unknown, k: number) => k + 1), 'attempt numbers stay 1..n');
    assert.deepEqual(readdirSync(join(ws2, '.breakfix')).filter((f) => /corrupt/.test(f)), [], 'no file was found corrupt');
    rmSync(ws2, { recursive: true, force: true });
  });
});
