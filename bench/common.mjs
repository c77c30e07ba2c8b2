// What the benchmarks share: the built core, their flags, medians.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** dist/core.js, or exit 2 saying how to build it. */
export function loadCore(bench) {
  try {
    return createRequire(import.meta.url)(join(repo, 'dist/core.js'));
  } catch {
    console.error(`[${bench}] dist/core.js is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
}

/** `--name value` of the command line, or the fallback. */
export function flag(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

/** --runs as a whole number >= 1 (default 3), or exit 2. */
export function runsFlag(bench) {
  const runs = Number(flag('runs', '3'));
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`[${bench}] --runs must be a whole number >= 1, not "${flag('runs')}"`);
    process.exit(2);
  }
  return runs;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
