// The assessment record, .breakfix/assessment.json: one assessment per workspace, kept in the crash- and
// corruption-safe JSON store (progress/jsonStore.ts). Also the one home of "which phase is it?".
import { readJsonStore, replaceJsonStore, updateJsonStore, type JsonStoreSpec, type JsonUpdate } from '../progress/jsonStore';
import { assessmentPath } from '../workspace/paths';
import { ASSESSMENT_FORMAT, type AssessmentEventKind, type AssessmentRecord, type Phase } from './types';

/** The record slot: `null` when no assessment was ever started in this workspace. */
type Slot = AssessmentRecord | null;

const SPEC: JsonStoreSpec<Slot> = { what: 'assessment record', empty: () => null, problems: recordProblems };

export function recordProblems(data: unknown): string[] {
  if (data === null) return [];
  const d = data as Partial<AssessmentRecord> | undefined;
  if (!d || typeof d !== 'object') return ['not an object'];
  const out: string[] = [];
  if (d.format !== ASSESSMENT_FORMAT) out.push(`format is ${JSON.stringify(d.format)}, not ${ASSESSMENT_FORMAT}`);
  for (const k of ['id', 'lab', 'seed', 'startedAt', 'deadline', 'incidentBeganAt'] as const) if (typeof d[k] !== 'string') out.push(`${k} is not a string`);
  if (typeof d.minutes !== 'number') out.push('minutes is not a number');
  if (Number.isNaN(Date.parse(String(d.deadline)))) out.push('deadline is not a time');
  if (!Array.isArray(d.events)) out.push('events is not a list');
  if (!Array.isArray(d.submits)) out.push('submits is not a list');
  if (!Array.isArray(d.faults)) out.push('faults is not a list');
  if (!d.ticket || typeof d.ticket !== 'object') out.push('ticket is missing');
  if (!d.rubric || typeof d.rubric !== 'object') out.push('rubric is missing');
  return out;
}

export interface RecordRead {
  record?: AssessmentRecord;
  warnings: string[];
}

export async function readAssessment(workspaceDir: string): Promise<RecordRead> {
  const { value, warnings } = await readJsonStore(assessmentPath(workspaceDir), SPEC);
  return { ...(value ? { record: value } : {}), warnings };
}

/** Read-modify-write of the record. `mutate` gets null when there is none (a start then returns a new one). */
export async function updateAssessment<R>(workspaceDir: string, mutate: (record: Slot, now: string) => R): Promise<JsonUpdate<Slot, R>> {
  return updateJsonStore(assessmentPath(workspaceDir), SPEC, mutate);
}

/** Replaces the record with `next(old)`: a new assessment (start archives the old one first). */
export async function replaceAssessment(workspaceDir: string, next: (old: Slot, now: string) => AssessmentRecord): Promise<string[]> {
  return (await replaceJsonStore(assessmentPath(workspaceDir), SPEC, next)).warnings;
}

/** Appends a timeline event to the running assessment; a no-op when none runs. */
export async function logEvent(workspaceDir: string, kind: AssessmentEventKind, detail: string): Promise<void> {
  if (!runningFor((await readAssessment(workspaceDir)).record)) return;
  await updateAssessment(workspaceDir, (r, now) => {
    if (r && !r.endedAt) r.events.push({ at: now, kind, detail });
  });
}

export function timeUp(record: AssessmentRecord, now = Date.now()): boolean {
  return now >= Date.parse(record.deadline);
}

/** Seconds left, never below 0. */
export function secondsLeft(record: AssessmentRecord, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(record.deadline) - now) / 1000));
}

/** `42:07` or `1:02:07`. */
export function formatCountdown(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * Diagnose until a diagnosis is recorded, then fix; the postmortem once a submit passed or the time is up
 * (no more submits then); ended once the candidate ended it (or bundled it).
 */
export function phaseOf(record: AssessmentRecord, now = Date.now()): Phase {
  if (record.endedAt) return 'ended';
  if (timeUp(record, now) || record.submits.some((s) => s.verdict === 'pass')) return 'postmortem';
  return record.diagnosis ? 'fix' : 'diagnose';
}

/** The running assessment of this lab (not ended), if any. */
export function runningFor(record: AssessmentRecord | undefined, labId?: string): AssessmentRecord | undefined {
  return record && !record.endedAt && (labId === undefined || record.lab === labId) ? record : undefined;
}
