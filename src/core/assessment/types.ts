// Assessment mode's data: the assessor's side of a lab (labs/<id>/assessment.yaml), the hand-over file a
// reviewer gives a candidate, the running record in the candidate's workspace (.breakfix/assessment.json),
// and the report that a bundle carries to the reviewer.
import type { CheckMode } from '../checker/types';
import type { Op, Unit } from '../labs/types';

export const ASSESSMENT_SPEC_FILE = 'assessment.yaml';
export const ASSESSMENT_FORMAT = 1;

export const RUBRIC_PARTS = ['diagnosis', 'checks', 'regressions', 'time', 'postmortem'] as const;
export type RubricPart = (typeof RUBRIC_PARTS)[number];
/** Points per part; a score is out of their sum. */
export type Rubric = Record<RubricPart, number>;
export const DEFAULT_RUBRIC: Rubric = { diagnosis: 25, checks: 40, regressions: 10, time: 10, postmortem: 15 };

export interface Ticket {
  title: string;
  symptoms: string[];
  impact: string;
}

export interface RootCause {
  id: string;
  text: string;
}

/** labs/<id>/assessment.yaml, with its defaults applied. Never copied into a learner's workspace. */
export interface AssessmentSpec {
  format: typeof ASSESSMENT_FORMAT;
  ticket: Ticket;
  rootCauses: RootCause[];
  /** The id of the lab's known root cause. */
  answer: string;
  rubric: Rubric;
  /** The fault ids the hidden incident draws from. */
  faults: string[];
  /** The steady background load, in requests per second. */
  load: { rate: number };
}

/** What a reviewer hands a candidate (`breakfix assess start --file F`): every field but `lab` optional. */
export interface AssessmentHandover {
  format: typeof ASSESSMENT_FORMAT;
  lab: string;
  minutes?: number;
  seed?: string;
  faults?: string[];
  rubric?: Partial<Rubric>;
}

/** One fault episode of the hidden incident, relative to the start of each cycle. */
export interface Episode {
  fault: string;
  atSeconds: number;
  forSeconds: number;
}

/** The hidden incident: episodes that replay every `cycleSeconds` until the time is up. */
export interface HiddenScenario {
  seed: string;
  cycleSeconds: number;
  episodes: Episode[];
}

export type AssessmentEventKind =
  | 'started'
  | 'incident'
  | 'stack'
  | 'dashboard'
  | 'check'
  | 'diagnosis'
  | 'submit'
  | 'postmortem'
  | 'locked'
  | 'time-up'
  | 'ended';

/** One line of the timeline: what the candidate did (or what was refused them), and when. */
export interface AssessmentEvent {
  at: string;
  kind: AssessmentEventKind;
  detail: string;
}

export interface Diagnosis {
  at: string;
  symptom: string;
  /** A rootCauses id of the lab's assessment.yaml. */
  rootCause: string;
  evidence: string;
}

/** A check's outcome as a submit (or a proof's baseline case) measured it. */
export interface CheckOutcome {
  id: string;
  title: string;
  pass: boolean;
  measured: number | string | null;
  threshold: number | string;
  op: Op;
  unit?: Unit;
}

export interface Submit {
  n: number;
  at: string;
  /** True for the submit made when the time ran out. */
  auto: boolean;
  verdict: 'pass' | 'fail' | 'error';
  failed: string[];
  checks: CheckOutcome[];
  /** The attempt it was recorded as in progress.json, and that attempt's commit. */
  attempt?: number;
  commit?: string;
  report?: string;
  error?: string;
}

/** .breakfix/assessment.json: the assessment running (or last run) in this workspace. */
export interface AssessmentRecord {
  format: typeof ASSESSMENT_FORMAT;
  id: string;
  lab: string;
  seed: string;
  minutes: number;
  mode: CheckMode;
  /** Fault pool and rubric as they apply to this assessment (assessment.yaml, then the hand-over). */
  faults: string[];
  rubric: Rubric;
  startedAt: string;
  deadline: string;
  /** When the ticket says the incident began: the first episode of the hidden scenario. */
  incidentBeganAt: string;
  ticket: Ticket;
  events: AssessmentEvent[];
  diagnosis?: Diagnosis;
  submits: Submit[];
  /** The incident driver: the process that replays the hidden scenario and submits when the time is up. */
  driver?: { pid: number; startedAt: string };
  endedAt?: string;
}

export type Phase = 'diagnose' | 'fix' | 'postmortem' | 'ended';

export interface ScorePart {
  part: RubricPart;
  points: number;
  of: number;
  why: string;
}

export interface Score {
  total: number;
  max: number;
  parts: ScorePart[];
}

/** A check before the candidate's change (the lab's proof, baseline case) and after it (the last submit). */
export interface CheckComparison {
  id: string;
  title: string;
  before: { pass: boolean; measured: number | string | null } | null;
  after: CheckOutcome | null;
}

/**
 * The report a bundle carries: everything the score is computed from, so that anyone can recompute it
 * (scoreReport) and a reviewer can re-measure its claims (verify.ts).
 */
export interface AssessmentReport {
  format: typeof ASSESSMENT_FORMAT;
  generatedAt: string;
  assessment: {
    id: string;
    lab: string;
    labTitle: string;
    /** sha256 of the lab's files as the candidate's extension bundled them (the ledger's lab digest). */
    labDigest: string;
    seed: string;
    minutes: number;
    mode: CheckMode;
    startedAt: string;
    deadline: string;
    incidentBeganAt: string;
    endedAt?: string;
    /** The lab's panels (ids and titles): what a diagnosis's evidence may name. */
    panels: string[];
  };
  ticket: Ticket;
  /** The hidden incident, revealed to the reviewer. */
  scenario: HiddenScenario;
  timeline: AssessmentEvent[];
  diagnosis: { recorded: Diagnosis | null; chosen: RootCause | null; known: RootCause };
  checks: CheckComparison[];
  submits: Submit[];
  /** The candidate's change: a unified diff of the learner's files against the lab's baseline. */
  diff: string;
  changedFiles: string[];
  postmortem: { file: string; present: boolean; ok: boolean; problems: string[]; text: string | null };
  rubric: Rubric;
  score: Score;
}
