// An assessment from start to end: copy the lab, begin the timer once the stack is up, record the diagnosis,
// submit (the full check, recorded as an attempt), end. Callers (CLI, extension) bring the stack up and
// start the incident driver between prepare and begin.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckRunError, runCheck, type CheckOptions } from '../checker/run';
import type { RunReport } from '../checker/types';
import type { LabEntry } from '../labs/types';
import { recordCheckAttempt } from '../progress/attempts';
import { startLab, type StartLabResult } from '../workspace/startLab';
import { assessmentDir, writeupPath } from '../workspace/paths';
import { driverRunning } from './driverProcess';
import { readAssessment, replaceAssessment, runningFor, timeUp, updateAssessment } from './record';
import { hiddenScenario, newSeed } from './scenario';
import { AssessmentSpecError, loadAssessmentSpec } from './spec';
import { ASSESSMENT_FORMAT, type AssessmentHandover, type AssessmentRecord, type AssessmentSpec, type CheckOutcome, type Diagnosis, type Submit } from './types';

export const DEFAULT_MINUTES = 45;

/** A refusal that the candidate can act on (no assessment running, time is up, a wrong root cause id). */
export class AssessmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssessmentError';
  }
}

export interface PrepareResult {
  spec: AssessmentSpec;
  start: StartLabResult;
}

/** Validates the lab's assessment, refuses while another one runs, and copies the lab (the baseline). */
export async function prepareAssessment(entry: LabEntry, workspaceDir: string): Promise<PrepareResult> {
  const spec = loadAssessmentSpec(entry);
  const { record } = await readAssessment(workspaceDir);
  const running = runningFor(record);
  if (running) throw new AssessmentError(`an assessment of ${running.lab} is running here (started ${running.startedAt}). End it first: \`breakfix assess end\`.`);
  const start = await startLab(entry, workspaceDir);
  if (existsSync(writeupPath(workspaceDir, entry.lab.id))) {
    start.warnings.push(`${writeupPath(workspaceDir, entry.lab.id)} is there from before this assessment: the report takes the postmortem from it, so rewrite it (or take the assessment in a fresh folder).`);
  }
  return { spec, start };
}

export interface BeginOptions {
  minutes?: number;
  seed?: string;
  handover?: AssessmentHandover;
  now?: Date;
}

/** Starts the timer: a new record (the previous one is archived under .breakfix/assessment/<id>/). */
export async function beginAssessment(entry: LabEntry, workspaceDir: string, spec: AssessmentSpec, opts: BeginOptions = {}): Promise<AssessmentRecord> {
  const h = opts.handover;
  const faults = h?.faults ?? spec.faults;
  const unknown = faults.filter((f) => !entry.lab.faults.some((x) => x.id === f));
  if (unknown.length) throw new AssessmentSpecError([`the assessment names faults ${entry.lab.id} does not have: ${unknown.join(', ')}. Its faults: ${entry.lab.faults.map((f) => f.id).join(', ')}.`]);
  const seed = opts.seed ?? h?.seed ?? newSeed();
  const minutes = opts.minutes ?? h?.minutes ?? DEFAULT_MINUTES;
  const start = opts.now ?? new Date();
  const scenario = hiddenScenario(faults, seed);
  const first = Math.min(...scenario.episodes.map((e) => e.atSeconds));
  const record: AssessmentRecord = {
    format: ASSESSMENT_FORMAT,
    id: `${start.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`,
    lab: entry.lab.id,
    seed,
    minutes,
    mode: 'quick',
    faults,
    rubric: { ...spec.rubric, ...(h?.rubric ?? {}) },
    startedAt: start.toISOString(),
    deadline: new Date(start.getTime() + minutes * 60_000).toISOString(),
    incidentBeganAt: new Date(start.getTime() + first * 1000).toISOString(),
    ticket: spec.ticket,
    events: [{ at: start.toISOString(), kind: 'started', detail: `${minutes} minutes on ${entry.lab.id}${h ? ' (from a reviewer\'s hand-over file)' : ''}` }],
    submits: [],
  };
  await replaceAssessment(workspaceDir, (old) => {
    if (old) archive(workspaceDir, old);
    return record;
  });
  return record;
}

function archive(workspaceDir: string, old: AssessmentRecord): void {
  const dir = join(assessmentDir(workspaceDir), old.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'record.json'), JSON.stringify(old, null, 2) + '\n');
}

/** The running assessment, or an AssessmentError saying there is none. */
export async function requireRunning(workspaceDir: string): Promise<AssessmentRecord> {
  const { record } = await readAssessment(workspaceDir);
  const r = runningFor(record);
  if (!r) throw new AssessmentError(record ? `the assessment of ${record.lab} has ended (${record.endedAt}). Start another with \`breakfix assess start\`.` : 'no assessment is running in this workspace: start one with `breakfix assess start <lab>`.');
  return r;
}

export async function recordDiagnosis(entry: LabEntry, workspaceDir: string, d: Omit<Diagnosis, 'at'>): Promise<Diagnosis> {
  const spec = loadAssessmentSpec(entry);
  const r = await requireRunning(workspaceDir);
  if (r.lab !== entry.lab.id) throw new AssessmentError(`the running assessment is of ${r.lab}, not ${entry.lab.id}.`);
  if (!spec.rootCauses.some((c) => c.id === d.rootCause)) {
    throw new AssessmentError(`"${d.rootCause}" is not one of the root causes offered: ${spec.rootCauses.map((c) => c.id).join(', ')} (\`breakfix assess ticket\` lists them).`);
  }
  for (const [k, v] of Object.entries({ symptom: d.symptom, evidence: d.evidence })) if (!v.trim()) throw new AssessmentError(`the diagnosis needs a ${k}: say ${k === 'symptom' ? 'what you see' : 'which panels and numbers show it'}.`);
  const { result } = await updateAssessment(workspaceDir, (rec, now) => {
    const diagnosis: Diagnosis = { at: now, symptom: d.symptom.trim(), rootCause: d.rootCause, evidence: d.evidence.trim() };
    if (!rec) return diagnosis;
    rec.diagnosis = diagnosis;
    rec.events.push({ at: now, kind: 'diagnosis', detail: `root cause: ${d.rootCause}` });
    return diagnosis;
  });
  return result;
}

export interface SubmitOptions extends Pick<CheckOptions, 'log' | 'signal' | 'env' | 'docker' | 'compose' | 'requests' | 'rate'> {
  /** The automatic submit when the time is up (made by the driver). */
  auto?: boolean;
}

/**
 * Runs the full check on the candidate's files and records it as a submit and an attempt. The caller stops
 * the incident driver first (a check's faults and load are the lab's own) and restarts it after.
 */
export async function submitAssessment(entry: LabEntry, workspaceDir: string, opts: SubmitOptions = {}): Promise<{ submit: Submit; report: RunReport; warnings: string[] }> {
  const r = await requireRunning(workspaceDir);
  if (r.lab !== entry.lab.id) throw new AssessmentError(`the running assessment is of ${r.lab}, not ${entry.lab.id}.`);
  if (!opts.auto && timeUp(r)) throw new AssessmentError(`time was up at ${r.deadline.slice(11, 16)} UTC: the last submit counts. Write the postmortem, then \`breakfix assess bundle\`.`);
  let report: RunReport;
  try {
    report = await runCheck(entry, { ...opts, mode: r.mode, workspaceDir });
  } catch (err) {
    if (!(err instanceof CheckRunError) || err.cancelled) throw err;
    report = err.report;
  }
  const warnings: string[] = [];
  const update = await recordCheckAttempt(workspaceDir, report, entry.lab).catch((err: Error) => {
    warnings.push(`the submit was not recorded as an attempt: ${err.message}`);
    return null;
  });
  if (update) warnings.push(...update.warnings);
  const { result } = await updateAssessment(workspaceDir, (rec, now) => {
    const submit: Submit = {
      n: (rec?.submits.length ?? 0) + 1,
      at: now,
      auto: !!opts.auto,
      verdict: report.verdict,
      failed: report.failed,
      checks: outcomes(report),
      ...(update ? { attempt: update.result.n, ...(update.result.commit ? { commit: update.result.commit } : {}) } : {}),
      ...(report.files ? { report: report.files.json } : {}),
      ...(report.error ? { error: report.error } : {}),
    };
    rec?.submits.push(submit);
    rec?.events.push({ at: now, kind: opts.auto ? 'time-up' : 'submit', detail: `submit ${submit.n}${opts.auto ? ' (time is up)' : ''}: ${submit.verdict}${submit.failed.length ? `, failed ${submit.failed.join(', ')}` : ''}` });
    return submit;
  });
  return { submit: result, report, warnings };
}

/**
 * True when the time ran out and the automatic submit was never made (the driver was not running: the
 * machine slept, the process was killed). Whoever notices first makes it, as the timer would have.
 */
export function autoSubmitDue(record: AssessmentRecord, now = Date.now()): boolean {
  return !record.endedAt && timeUp(record, now) && !record.submits.some((s) => s.auto) && !driverRunning(record);
}

export function outcomes(report: RunReport): CheckOutcome[] {
  return report.checks.map((c) => ({ id: c.id, title: c.title, pass: c.pass, measured: c.measured, threshold: c.threshold, op: c.op, ...(c.unit ? { unit: c.unit } : {}) }));
}

/** Ends the assessment (the caller stops the driver first): the locks lift, the record stays. */
export async function endAssessment(workspaceDir: string, why = 'ended by the candidate'): Promise<AssessmentRecord> {
  await requireRunning(workspaceDir);
  const { value } = await updateAssessment(workspaceDir, (rec, now) => {
    if (!rec || rec.endedAt) return;
    rec.endedAt = now;
    rec.events.push({ at: now, kind: 'ended', detail: why });
  });
  return value!;
}
