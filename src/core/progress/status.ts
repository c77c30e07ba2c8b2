// A lab's learner status as the tree and CLI show it. The full progress store arrives with issue 5;
// until then "passed" means progress.json records the lab as fixed or written up.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type LabStatus = 'passed' | 'not-started';

export async function readLabStatus(workspaceDir: string | undefined, labId: string): Promise<LabStatus> {
  if (!workspaceDir) return 'not-started';
  try {
    const progress = JSON.parse(await readFile(join(workspaceDir, '.breakfix', 'progress.json'), 'utf8'));
    const status = progress?.labs?.[labId]?.status;
    return status === 'fixed' || status === 'written-up' ? 'passed' : 'not-started';
  } catch {
    return 'not-started';
  }
}
