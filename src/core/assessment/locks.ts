// What an assessment locks for the assessed lab, and the one home of that rule: the hints, the reference
// solution, the spec's acceptance signals, fault names, the fault list and heal, the AI tools.
import { logEvent, phaseOf, readAssessment, runningFor } from './record';
import type { AssessmentRecord } from './types';

export const LOCKED_FEATURES = {
  hints: 'Hints are',
  solution: 'The reference solution is',
  acceptance: "The lab spec's acceptance signals are",
  'fault-names': 'Fault names are',
  faults: 'The fault list and heal are',
  ai: 'The AI tools are',
} as const;
export type LockedFeature = keyof typeof LOCKED_FEATURES;

/** Why `feature` is refused now, or undefined when it is not locked. The one home of the lock rule. */
export function lockMessage(record: AssessmentRecord | undefined, labId: string, feature: LockedFeature): string | undefined {
  const r = runningFor(record, labId);
  if (!r) return undefined;
  const ends = new Date(r.deadline).toISOString().slice(11, 16);
  return `${LOCKED_FEATURES[feature]} locked during the assessment of ${labId} (time is up at ${ends} UTC). Work from the ticket, the dashboard and the logs; it unlocks when the assessment ends (\`breakfix assess end\`).`;
}

/** Checks the lock in the workspace and, when it refuses, records that help was asked for. */
export async function refuseIfLocked(workspaceDir: string | undefined, labId: string, feature: LockedFeature): Promise<string | undefined> {
  if (!workspaceDir) return undefined;
  const { record } = await readAssessment(workspaceDir);
  const message = lockMessage(record, labId, feature);
  if (message) await logEvent(workspaceDir, 'locked', `asked for ${feature}: refused`).catch(() => undefined);
  return message;
}

/** The lab spec (README) without its "Acceptance signals" section, and a line saying why. */
export function withoutAcceptance(readme: string, message: string): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^##\s+Acceptance/i.test(l));
  if (start < 0) return readme;
  let end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  if (end < 0) end = lines.length;
  return [...lines.slice(0, start + 1), '', `_${message}_`, '', ...lines.slice(end)].join('\n');
}

/** While the lab is assessed a check is a submit (a plain check would replay faults over the incident's). */
export function checkIsSubmitMessage(record: AssessmentRecord | undefined, labId: string): string | undefined {
  return runningFor(record, labId) ? `${labId} is being assessed in this workspace: a check is a submit now. Submit instead (\`breakfix assess submit\`, or Submit in the Assessment view): it pauses the incident while the check runs.` : undefined;
}

/**
 * The report names the hidden incident (which faults, when): while the candidate still diagnoses or fixes,
 * it is locked. It opens once a submit passed, the time is up, or the assessment ended.
 */
export function reportLockMessage(record: AssessmentRecord): string | undefined {
  const r = runningFor(record);
  if (!r) return undefined;
  const phase = phaseOf(r);
  return phase === 'diagnose' || phase === 'fix' ? `The report shows the hidden incident (which faults, and when), so it opens once a submit passed, the time is up, or the assessment ended. Now: phase ${phase}.` : undefined;
}
