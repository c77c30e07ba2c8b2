// The CLI built once per test process into a temp folder with dist/cli.js's esbuild settings.
// Tests of new commands use it instead of dist/, which other runs may be rebuilding at the same time.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const fixtureLabs = resolve(__dirname, '../../fixtures/labs');
export const bundledLabs = resolve(__dirname, '../../../labs');

let built: Promise<string> | undefined;

export function tempCli(): Promise<string> {
  return (built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'breakfix-cli-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'cli.js');
    await build({
      entryPoints: [resolve(__dirname, '../../../src/cli/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['cpu-features', '*.node'],
      logLevel: 'warning',
    });
    return outfile;
  })());
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(cli: string, args: string[], opts: { labsDir?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: { ...process.env, BREAKFIX_LABS_DIR: opts.labsDir ?? fixtureLabs, ...opts.env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp labs folder with copies of the tiny-queue fixture under other ids and levels. */
export function labsWithLevels(levels: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'breakfix-labs-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const [id, level] of Object.entries(levels)) {
    cpSync(join(fixtureLabs, 'tiny-queue'), join(dir, id), { recursive: true });
    const yaml = readFileSync(join(dir, id, 'lab.yaml'), 'utf8').replace(/^id: .*$/m, `id: ${id}`).replace(/^level: .*$/m, `level: ${level}`);
    writeFileSync(join(dir, id, 'lab.yaml'), yaml);
  }
  return dir;
}
