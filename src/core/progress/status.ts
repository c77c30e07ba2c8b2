// A lab's learner status as the extension tree shows it: "passed" once the store records the lab as
// fixed or written up. Read-only: a corrupt store reads as empty here and is left for a writer to move aside.
import { readProgress } from './store';

export type LabStatus = 'passed' | 'not-started';

export async function readLabStatus(workspaceDir: string | undefined, labId: string): Promise<LabStatus> {
  if (!workspaceDir) return 'not-started';
  try {
    const status = (await readProgress(workspaceDir)).progress.labs[labId]?.status;
    return status === 'fixed' || status === 'written-up' ? 'passed' : 'not-started';
  } catch {
    return 'not-started';
  }
}
