// Shared by the integration suites: the real engine, the CLI, and HTTP against published ports.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const repo = resolve(__dirname, '../..');
export const cli = resolve(repo, 'dist/cli.js');

/** In CI a missing engine fails the suite; elsewhere the suite is skipped with the reason printed. */
export function requireEngine(ctx: Mocha.Context): void {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  if (r.status === 0) return;
  const reason = `no Docker engine answers (docker info: ${(r.stderr || r.error?.message || '').trim()})`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}. Run scripts/ensure-engine.sh first.`);
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

export function breakfix(args: string[], timeoutMs = 600_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, BREAKFIX_LABS_DIR: resolve(repo, 'labs') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { projectLeftovers } from '../support/docker';
export { eventually } from '../support/wait';

export async function getJson(url: string): Promise<any> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}
