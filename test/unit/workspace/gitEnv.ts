// Test helpers: run git synchronously, and give git an empty HOME so the user's identity is not picked up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export function isolateGit(): () => void {
  const keys = ['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_NOSYSTEM', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'];
  const saved = keys.map((k) => [k, process.env[k]] as const);
  for (const k of keys.slice(2)) delete process.env[k];
  // simple-git does not pass GIT_CONFIG_GLOBAL on, so point HOME at an empty folder instead.
  const home = mkdtempSync(join(tmpdir(), 'breakfix-home-'));
  process.env.HOME = process.env.XDG_CONFIG_HOME = home;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  return () => {
    rmSync(home, { recursive: true, force: true });
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
