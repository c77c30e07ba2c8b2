// npm run bench:build -- --json [--runs N] [--lab ID] [--before REV]
//
// What building one lab's images costs before and after the lab kit, on the real engine, in one run.
// "before" is the lab as it was at --before (default: the last commit before the lab moved onto the kit),
// where each service ran its own `npm ci`; "after" is the lab in this tree, FROM breakfix-lab-kit:1.
// For each layout, as medians over --runs (default 3):
//   coldSeconds      no image of the lab and no build cache: what a learner's first `up` pays. For
//                    "after" this includes building the kit image itself (once per machine).
//   coldKitSeconds   "after" only: cold for the lab, with the kit image already there (every lab after
//                    the first one a learner opens)
//   warmSeconds      one source file changed: what each check of a learner's fix pays
// ratio: before / after, against the named baseline "before" (greater than 1: the kit is faster).
// Builds run as Compose runs them (`compose build`, with BREAKFIX_COMPOSE_OVERRIDES from
// scripts/ensure-engine.sh). It removes the lab's images and prunes the build cache: run it alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, loadCore, median, repo, runsFlag } from './common.mjs';

const core = loadCore('bench:build');
const json = process.argv.includes('--json');
const runs = runsFlag('bench:build');
const lab = flag('lab', 'notification-retry-storm');
// The last commit where lab 1's services still installed their own npm packages.
const before = flag('before', '11abf00');
const say = (m) => console.error(`[bench:build] ${m}`);
const round = (x) => Math.round(x * 10) / 10;
const ratio = (before, after) => Math.round((median(before) / median(after)) * 100) / 100;

const compose = (() => {
  const v2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  return v2.status === 0 ? ['docker', 'compose'] : ['docker-compose'];
})();
const overrides = (process.env.BREAKFIX_COMPOSE_OVERRIDES ?? '').split(/[ ,]/).filter(Boolean);
const project = `bench-build-${process.pid}`;

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
}

/** Seconds for `compose build` of the lab folder `dir`, as project `name`. */
function build(dir, name) {
  const files = ['compose.yaml', ...overrides].flatMap((f) => ['-f', join(dir, f)]);
  const t = performance.now();
  run(compose[0], [...compose.slice(1), '-p', name, ...files, 'build'], { cwd: dir });
  return (performance.now() - t) / 1000;
}

function forgetImages(name) {
  const ids = run('docker', ['images', '-q', '--filter', `reference=${name}_*`]).split('\n').filter(Boolean);
  if (ids.length) spawnSync('docker', ['rmi', '-f', ...ids]);
  spawnSync('docker', ['builder', 'prune', '-af']);
}

async function ensureKit(entry, docker) {
  return core.ensureLabKit(entry, { docker, log: say });
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'breakfix-bench-build-'));
  try {
    const beforeDir = join(root, 'before');
    execFileSync('bash', ['-c', `mkdir -p "${beforeDir}" && git -C "${repo}" archive ${before} labs/${lab} | tar -x -C "${beforeDir}" --strip-components=2`]);
    const afterDir = join(repo, 'labs', lab);
    const catalogue = await core.loadCatalogue(join(repo, 'labs'));
    const entry = core.findLab(catalogue, lab);
    const docker = await core.connectEngine({});
    const result = { before: { cold: [], warm: [] }, after: { cold: [], coldKit: [], warm: [] } };
    for (let i = 1; i <= runs; i++) {
      say(`run ${i}/${runs}: before (${before}), cold`);
      forgetImages(`${project}-b`);
      result.before.cold.push(build(beforeDir, `${project}-b`));
      appendFileSync(join(beforeDir, 'services/worker/src/retry.js'), `\n// bench edit ${i}\n`);
      result.before.warm.push(build(beforeDir, `${project}-b`));

      say(`run ${i}/${runs}: after, cold with the kit image built too`);
      forgetImages(`${project}-a`);
      spawnSync('docker', ['rmi', '-f', core.kitImage(1)]);
      const t = performance.now();
      await ensureKit(entry, docker);
      result.after.cold.push((performance.now() - t) / 1000 + build(afterDir, `${project}-a`));
      say(`run ${i}/${runs}: after, cold with the kit image there`);
      forgetImages(`${project}-a`);
      await ensureKit(entry, docker);
      result.after.coldKit.push(build(afterDir, `${project}-a`));
      // A learner's edit: the check builds a copy, so edit a copy here too.
      const copy = join(root, `after-${i}`);
      execFileSync('cp', ['-r', afterDir, copy]);
      appendFileSync(join(copy, 'services/worker/src/retry.js'), `\n// bench edit ${i}\n`);
      result.after.warm.push(build(copy, `${project}-a`));
    }
    const m = (xs) => round(median(xs));
    const out = {
      benchmark: 'build',
      lab,
      runs,
      baseline: 'before',
      before: { rev: before, coldSeconds: m(result.before.cold), warmSeconds: m(result.before.warm) },
      after: { coldSeconds: m(result.after.cold), coldKitSeconds: m(result.after.coldKit), warmSeconds: m(result.after.warm) },
      ratio: {
        cold: ratio(result.before.cold, result.after.cold),
        coldKit: ratio(result.before.cold, result.after.coldKit),
        warm: ratio(result.before.warm, result.after.warm),
      },
      samples: result,
    };
    if (json) console.log(JSON.stringify(out, null, 2));
    else console.log(`before: cold ${out.before.coldSeconds} s, warm ${out.before.warmSeconds} s; after: cold ${out.after.coldSeconds} s (kit there: ${out.after.coldKitSeconds} s), warm ${out.after.warmSeconds} s`);
  } finally {
    forgetImages(`${project}-b`);
    forgetImages(`${project}-a`);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`[bench:build] ${err.message}`);
  process.exit(1);
});
