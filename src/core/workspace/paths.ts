// Where things live in a learner's workspace: the one home for every path under it.
//   labs/<id>/                  the learner's copy of a lab (Start Lab)
//   .breakfix/progress.json     progress: attempts, hints, notes
//   .breakfix/runs/<id>/        checker run reports
//   .breakfix/build-hashes.json what each built service was built from
//   .breakfix/assessment.json   the assessment running in this workspace (assessment/record.ts)
//   .breakfix/assessment/       its reports, its incident log and its bundles
//   writeups/<id>.md            the postmortem; writeups/<id>/ its charts
// and, outside the workspace so that nobody edits it or finds its files twice in a search, the stack a
// check runs: <user cache>/breakfix-labs/check/<workspace name>-<hash>/<id>/ (checker/checkStack.ts).
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import type { LabEntry } from '../labs/types';

/** `labs/<id>`: the learner's copy, relative to the workspace (git pathspecs, messages). */
export function labCopyRel(labId: string): string {
  return `labs/${labId}`;
}

/** The learner's copy of a lab: <workspace>/labs/<id>. */
export function labCopyDir(workspaceDir: string, labId: string): string {
  return join(workspaceDir, 'labs', labId);
}

/** <workspace>/.breakfix: learner state that is never committed with the lab. */
export function stateDir(workspaceDir: string): string {
  return join(workspaceDir, '.breakfix');
}

export function progressPath(workspaceDir: string): string {
  return join(stateDir(workspaceDir), 'progress.json');
}

export function runsDir(workspaceDir: string, labId: string): string {
  return join(stateDir(workspaceDir), 'runs', labId);
}

export function assessmentPath(workspaceDir: string): string {
  return join(stateDir(workspaceDir), 'assessment.json');
}

/** .breakfix/assessment/: an assessment's reports, the incident driver's log, the bundles. */
export function assessmentDir(workspaceDir: string): string {
  return join(stateDir(workspaceDir), 'assessment');
}

export function buildHashesPath(workspaceDir: string): string {
  return join(stateDir(workspaceDir), 'build-hashes.json');
}

/**
 * The folder a check's stack runs from, assembled anew before every check (checker/checkStack.ts): in the
 * user's cache, one per workspace and lab. BREAKFIX_CACHE_DIR overrides the cache folder.
 */
export function checkStackDir(workspaceDir: string, labId: string, env: NodeJS.ProcessEnv = process.env): string {
  const ws = resolve(workspaceDir);
  const key = `${basename(ws).replace(/[^\w.-]/g, '_').slice(0, 40) || 'workspace'}-${createHash('sha256').update(ws).digest('hex').slice(0, 10)}`;
  return join(cacheDir(env), 'check', key, labId);
}

/** Break/Fix Labs' cache folder: BREAKFIX_CACHE_DIR, else the platform's user cache + breakfix-labs. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BREAKFIX_CACHE_DIR) return resolve(env.BREAKFIX_CACHE_DIR);
  const home = homedir();
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA || join(home, 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(home, '.cache');
  return join(base, 'breakfix-labs');
}

export function writeupPath(workspaceDir: string, labId: string): string {
  return join(workspaceDir, 'writeups', `${labId}.md`);
}

/** writeups/<id>/: the writeup's charts. */
export function writeupAssetsDir(workspaceDir: string, labId: string): string {
  return join(workspaceDir, 'writeups', labId);
}

/** The workspace folder, absolute; `dir` defaults to the current directory. Throws if it is not a folder. */
export function resolveWorkspace(dir: string | undefined): string {
  const abs = resolve(dir ?? process.cwd());
  if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`workspace ${abs} is not a folder: pass --workspace with your lab workspace, or run breakfix from it.`);
  }
  return abs;
}

/** Is this lab started in the workspace (its copy holds the compose file)? */
export function hasLabCopy(entry: LabEntry, workspaceDir: string): boolean {
  return existsSync(join(labCopyDir(workspaceDir, entry.lab.id), relative(entry.dir, entry.composeFile) || 'compose.yaml'));
}

/** Where free play (`up`, Start Stack) runs a lab from: the learner's copy once started, else the bundled lab. */
export function freePlayDir(entry: LabEntry, workspaceDir: string): string {
  return hasLabCopy(entry, workspaceDir) ? labCopyDir(workspaceDir, entry.lab.id) : entry.dir;
}
