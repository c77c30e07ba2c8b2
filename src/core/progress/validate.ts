// Hand-written validator for progress.json (small shape; no schema compile on every CLI call).
// Unknown keys are tolerated (kept on write); wrong types and unknown versions are not. The automatic
// mistake log (`labs.<id>.mistakes`) is checked entry by entry instead (mistakeEntryProblems): a bad entry
// is set aside by mistakes.ts, and never makes the whole file corrupt.
import { LAB_PROGRESS_STATUSES, PROGRESS_VERSION, VERDICTS, type ProgressFile } from './types';

/** Returns the problems found, each as "path: what is wrong"; empty when `data` is a valid ProgressFile. */
export function progressProblems(data: unknown): string[] {
  const problems: string[] = [];
  const bad = (path: string, what: string) => problems.push(`${path}: ${what}`);
  if (!isObject(data)) return ['(root): expected an object'];
  if (data.version !== PROGRESS_VERSION) {
    bad('version', `expected ${PROGRESS_VERSION}, found ${JSON.stringify(data.version)}`);
    return problems;
  }
  if (!isObject(data.labs)) return ['labs: expected an object keyed by lab id'];
  for (const [id, lab] of Object.entries(data.labs)) {
    const at = `labs.${id}`;
    if (!isObject(lab)) {
      bad(at, 'expected an object');
      continue;
    }
    oneOf(lab.status, LAB_PROGRESS_STATUSES, `${at}.status`, bad);
    if (!isCount(lab.hintsRevealed)) bad(`${at}.hintsRevealed`, 'expected a whole number >= 0');
    time(lab.updatedAt, `${at}.updatedAt`, bad);
    for (const key of ['startedAt', 'passedAt', 'writtenUpAt'] as const) if (lab[key] !== undefined) time(lab[key], `${at}.${key}`, bad);
    if (!Array.isArray(lab.attempts)) bad(`${at}.attempts`, 'expected an array');
    else
      lab.attempts.forEach((a, i) => {
        const p = `${at}.attempts[${i}]`;
        if (!isObject(a)) return bad(p, 'expected an object');
        if (!isCount(a.n) || a.n < 1) bad(`${p}.n`, 'expected a whole number >= 1');
        oneOf(a.verdict, VERDICTS, `${p}.verdict`, bad);
        if (!isStringArray(a.failed)) bad(`${p}.failed`, 'expected an array of check ids');
        if (a.report !== undefined && typeof a.report !== 'string') bad(`${p}.report`, 'expected a path');
        commitId(a.commit, `${p}.commit`, bad);
        time(a.at, `${p}.at`, bad);
      });
    if (lab.best !== undefined) {
      const b = lab.best;
      if (!isObject(b)) bad(`${at}.best`, 'expected an object');
      else {
        if (!isCount(b.n) || b.n < 1) bad(`${at}.best.n`, 'expected a whole number >= 1');
        oneOf(b.verdict, VERDICTS, `${at}.best.verdict`, bad);
        if (b.report !== undefined && typeof b.report !== 'string') bad(`${at}.best.report`, 'expected a path');
      }
    }
    if (lab.solutionViewed !== undefined) {
      const v = lab.solutionViewed;
      if (!isObject(v)) bad(`${at}.solutionViewed`, 'expected an object');
      else {
        oneOf(v.reason, ['passed', 'all-hints'], `${at}.solutionViewed.reason`, bad);
        time(v.at, `${at}.solutionViewed.at`, bad);
      }
    }
    if (!Array.isArray(lab.notes)) bad(`${at}.notes`, 'expected an array');
    else
      lab.notes.forEach((n, i) => {
        const p = `${at}.notes[${i}]`;
        if (!isObject(n)) return bad(p, 'expected an object');
        if (typeof n.text !== 'string') bad(`${p}.text`, 'expected a string');
        if (!isStringArray(n.tags)) bad(`${p}.tags`, 'expected an array of tags');
        time(n.at, `${p}.at`, bad);
      });
  }
  return problems;
}

const OPS = ['<', '<=', '==', '!=', '>=', '>'];
const UNITS = ['seconds', 'reqps', 'percent', 'ratio', 'count', 'bytes'];

/** Problems of one entry of a lab's automatic mistake log (`path` names it); empty when it is a MistakeEntry. */
export function mistakeEntryProblems(e: unknown, path: string): string[] {
  const problems: string[] = [];
  const bad = (p: string, what: string) => problems.push(`${p}: ${what}`);
  if (!isObject(e)) return [`${path}: expected an object`];
  for (const key of ['tag', 'check'] as const) if (typeof e[key] !== 'string' || !e[key]) bad(`${path}.${key}`, 'expected a non-empty string');
  if (!isAttemptNumber(e.n)) bad(`${path}.n`, 'expected a whole number >= 1');
  if (!isMeasured(e.measured)) bad(`${path}.measured`, 'expected a number, a string or null');
  if (typeof e.threshold !== 'number' && typeof e.threshold !== 'string') bad(`${path}.threshold`, 'expected a number or a string');
  oneOf(e.op, OPS, `${path}.op`, bad);
  if (e.unit !== undefined) oneOf(e.unit, UNITS, `${path}.unit`, bad);
  commitId(e.commit, `${path}.commit`, bad);
  time(e.at, `${path}.at`, bad);
  if (e.again !== undefined) {
    if (!Array.isArray(e.again)) bad(`${path}.again`, 'expected an array');
    else
      e.again.forEach((g, i) => {
        const p = `${path}.again[${i}]`;
        if (!isObject(g)) return bad(p, 'expected an object');
        if (!isAttemptNumber(g.n)) bad(`${p}.n`, 'expected a whole number >= 1');
        if (!isMeasured(g.measured)) bad(`${p}.measured`, 'expected a number, a string or null');
        commitId(g.commit, `${p}.commit`, bad);
        time(g.at, `${p}.at`, bad);
      });
  }
  if (e.fixed !== undefined) {
    const f = e.fixed;
    if (!isObject(f)) bad(`${path}.fixed`, 'expected an object');
    else {
      if (!isAttemptNumber(f.n)) bad(`${path}.fixed.n`, 'expected a whole number >= 1');
      commitId(f.commit, `${path}.fixed.commit`, bad);
      time(f.at, `${path}.fixed.at`, bad);
    }
  }
  return problems;
}

export function isProgressFile(data: unknown): data is ProgressFile {
  return progressProblems(data).length === 0;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isAttemptNumber = (v: unknown): v is number => isCount(v) && v >= 1;
const isMeasured = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function oneOf(v: unknown, allowed: readonly string[], path: string, bad: (p: string, w: string) => void): void {
  if (typeof v !== 'string' || !allowed.includes(v)) bad(path, `expected one of ${allowed.join(', ')}, found ${JSON.stringify(v)}`);
}

function time(v: unknown, path: string, bad: (p: string, w: string) => void): void {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) bad(path, `expected an ISO 8601 time, found ${JSON.stringify(v)}`);
}

function commitId(v: unknown, path: string, bad: (p: string, w: string) => void): void {
  if (v !== undefined && !(typeof v === 'string' && /^[0-9a-f]{7,64}$/.test(v))) bad(path, 'expected a git commit id');
}
