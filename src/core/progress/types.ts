// The progress store's file format: <workspace>/.breakfix/progress.json, version 1, keyed by lab id.
import type { Op, Unit } from '../labs/types';

export const PROGRESS_VERSION = 1;

export const LAB_PROGRESS_STATUSES = ['not-started', 'running', 'broken', 'fixed', 'written-up'] as const;
export type LabProgressStatus = (typeof LAB_PROGRESS_STATUSES)[number];

export const VERDICTS = ['pass', 'fail', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One `breakfix check` run. `n` counts from 1 per lab. Times are ISO 8601. */
export interface Attempt {
  n: number;
  verdict: Verdict;
  /** Ids of the checks that failed. */
  failed: string[];
  /** Path of the run report (.md), when one was written. */
  report?: string;
  /** The git commit of the lab's files for this run ("attempt N: <verdict>"), in a started lab. */
  commit?: string;
  at: string;
}

/** The best run so far: a pass beats a fail beats an error; a later run wins a tie. */
export interface BestRun {
  n: number;
  verdict: Verdict;
  report?: string;
}

export interface Note {
  text: string;
  tags: string[];
  at: string;
}

/**
 * One entry of a lab's automatic mistake log: a check whose lab.yaml `mistake:` names a tag failed. Recorded
 * by the attempt (mistakes.ts); the first later attempt in which the check passes marks it fixed. While it
 * is open, the check failing again adds to `again` instead of a second entry.
 */
export interface MistakeEntry {
  tag: string;
  /** The check's id. */
  check: string;
  /** The attempt in which it failed (first, while this entry was open). */
  n: number;
  /** What the check measured then (null: no data); compared as `measured op threshold`. */
  measured: number | string | null;
  threshold: number | string;
  op: Op;
  unit?: Unit;
  /** The attempt's git commit, in a started lab. */
  commit?: string;
  at: string;
  /** Later attempts in which the check failed again before it was fixed. */
  again?: MistakeSighting[];
  /** The first later attempt in which the check passed. */
  fixed?: { n: number; at: string; commit?: string };
}

export interface MistakeSighting {
  n: number;
  measured: number | string | null;
  at: string;
  commit?: string;
}

export interface LabProgress {
  status: LabProgressStatus;
  attempts: Attempt[];
  best?: BestRun;
  /** How many of the lab's hints have been shown. */
  hintsRevealed: number;
  notes: Note[];
  /** The automatic mistake log (absent in files written before it, and until a tagged check fails). */
  mistakes?: MistakeEntry[];
  /** Entries of `mistakes` that did not validate, set aside as they were (mistakes.ts); never read. */
  mistakesUnreadable?: unknown[];
  startedAt?: string;
  updatedAt: string;
  passedAt?: string;
  writtenUpAt?: string;
  /** Set when the reference solution was first shown: after a pass, or (confirmed) after every hint. */
  solutionViewed?: { at: string; reason: SolutionReason };
}

/** True once the lab's checker passed: the writeup and the reference solution unlock. */
export function hasPassed(lab: LabProgress | undefined): boolean {
  return !!lab && (!!lab.passedAt || lab.status === 'fixed' || lab.status === 'written-up' || lab.attempts.some((a) => a.verdict === 'pass'));
}

export type SolutionReason = 'passed' | 'all-hints';

export interface ProgressFile {
  version: typeof PROGRESS_VERSION;
  labs: Record<string, LabProgress>;
}

export function emptyProgress(): ProgressFile {
  return { version: PROGRESS_VERSION, labs: {} };
}

export function emptyLabProgress(now: string): LabProgress {
  return { status: 'not-started', attempts: [], hintsRevealed: 0, notes: [], updatedAt: now };
}
