// The incident driver as a detached process (`breakfix assess incident`), so that the incident goes on
// while the candidate works in any terminal or window, and submits when the time is up even if nobody is
// looking. Its pid is in the record; its output goes to .breakfix/assessment/incident.log.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../progress/fileLock';
import { sleep } from '../runtime/timeout';
import { assessmentDir } from '../workspace/paths';
import { readAssessment, updateAssessment } from './record';
import type { AssessmentRecord } from './types';

export function incidentLogPath(workspaceDir: string): string {
  return join(assessmentDir(workspaceDir), 'incident.log');
}

export function driverRunning(record: AssessmentRecord | undefined): boolean {
  return !!record?.driver && isProcessAlive(record.driver.pid);
}

/**
 * Starts the driver detached: `<node> <argv…>`, where argv is the script and its arguments (the CLI:
 * `dist/cli.js assess incident --workspace <ws>`; the extension: `dist/driver.js <ws> <labs dir>`). Under
 * VS Code's Electron, ELECTRON_RUN_AS_NODE makes its binary a plain node.
 */
export async function startDriver(workspaceDir: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  mkdirSync(assessmentDir(workspaceDir), { recursive: true });
  const out = openSync(incidentLogPath(workspaceDir), 'a');
  try {
    const child = spawn(process.execPath, argv, {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      cwd: workspaceDir,
    });
    child.unref();
    const pid = child.pid;
    if (!pid) throw new Error(`could not start the incident driver (${process.execPath} ${argv.join(' ')})`);
    await updateAssessment(workspaceDir, (r, now) => {
      if (r) r.driver = { pid, startedAt: now };
    });
    return pid;
  } finally {
    closeSync(out);
  }
}

/** Stops the driver (SIGTERM: it reverts its faults and stops the load), waiting up to `waitMs`; then SIGKILL. */
export async function stopDriver(workspaceDir: string, waitMs = 20_000): Promise<'stopped' | 'not-running' | 'killed'> {
  const { record } = await readAssessment(workspaceDir);
  const pid = record?.driver?.pid;
  let outcome: 'stopped' | 'not-running' | 'killed' = 'not-running';
  if (pid && pid !== process.pid && isProcessAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + waitMs;
    while (isProcessAlive(pid) && Date.now() < deadline) await sleep(200);
    outcome = 'stopped';
    if (isProcessAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      outcome = 'killed';
    }
  }
  await updateAssessment(workspaceDir, (r) => {
    if (r && r.driver?.pid === pid) delete r.driver;
  });
  return outcome;
}

/** The CLI's driver command line: this very CLI script, `assess incident --workspace <ws>`. */
export function cliDriverArgv(cliScript: string, workspaceDir: string): string[] {
  return [cliScript, 'assess', 'incident', '--workspace', workspaceDir];
}
