// The mistake log: the one home of its rules. Two sources make it up:
// - automatic: a check whose lab.yaml names a `mistake:` tag failed in an attempt (stored per lab in
//   `mistakes`, recorded with the attempt by attempts.ts); a later attempt in which it passes marks it fixed;
// - typed: the learner's notes that carry a mistake tag (derived from the notes, never stored twice).
import { formatValue } from '../checker/report';
import type { Op, Unit } from '../labs/types';
import { isMistakeTag, tagMeaning } from './tags';
import type { Attempt, LabProgress, MistakeEntry, ProgressFile } from './types';
import { mistakeEntryProblems } from './validate';

/** What recording needs of the lab: each check's id and its mistake tag (a Lab, or a LabEntry's lab). */
export interface MistakeSource {
  checks: readonly { id: string; mistake?: string }[];
}

/** A check as an attempt evaluated it (a CheckResult of the run report). */
export interface EvaluatedCheck {
  id: string;
  pass: boolean;
  measured: number | string | null;
  threshold: number | string;
  op: Op;
  unit?: Unit;
}

/** check id → its mistake tag, for the checks that name one. */
export function mistakeTags(lab: MistakeSource): Map<string, string> {
  return new Map(lab.checks.filter((c) => c.mistake).map((c) => [c.id, c.mistake!]));
}

/**
 * Adds one attempt to the lab's log (inside updateProgress): each failing check with a tag opens an entry, or
 * adds the attempt to `again` of the entry for the same tag and check that is still open; each passing check
 * marks its open entries fixed. An attempt that errored says nothing of the checks, so it changes nothing.
 */
export function logAttemptMistakes(lab: LabProgress, attempt: Attempt, checks: readonly EvaluatedCheck[], tags: ReadonlyMap<string, string>): void {
  if (attempt.verdict === 'error') return;
  const open = (e: MistakeEntry) => !e.fixed;
  for (const c of checks) {
    if (c.pass) {
      for (const e of lab.mistakes ?? []) if (open(e) && e.check === c.id) e.fixed = { n: attempt.n, at: attempt.at };
      continue;
    }
    const tag = tags.get(c.id);
    if (!tag) continue;
    const log = (lab.mistakes ??= []);
    const known = log.find((e) => open(e) && e.tag === tag && e.check === c.id);
    if (known) (known.again ??= []).push({ n: attempt.n, measured: c.measured, at: attempt.at });
    else log.push({ tag, check: c.id, n: attempt.n, measured: c.measured, threshold: c.threshold, op: c.op, ...(c.unit ? { unit: c.unit } : {}), at: attempt.at });
  }
}

/** Stores attempt `n`'s commit wherever the log names that attempt (it is known only after the commit). */
export function linkMistakeCommit(lab: LabProgress, n: number, commit: string): void {
  for (const e of lab.mistakes ?? []) {
    if (e.n === n) e.commit = commit;
    for (const g of e.again ?? []) if (g.n === n) g.commit = commit;
    if (e.fixed?.n === n) e.fixed.commit = commit;
  }
}

/**
 * Sets aside the log entries that do not validate, so a damaged log never costs the rest of the store: they
 * move, as they were, to the lab's `mistakesUnreadable` and the valid ones stay. `readOnly` (readers) only
 * leaves them out of what is returned and says the next change will set them aside. Returns the warnings.
 */
export function salvageMistakes(progress: ProgressFile, readOnly = false): string[] {
  const warnings: string[] = [];
  for (const [id, lab] of Object.entries(progress.labs)) {
    const raw: unknown = lab.mistakes;
    if (raw === undefined) continue;
    const path = `labs.${id}.mistakes`;
    const items: unknown[] = Array.isArray(raw) ? raw : [raw];
    const problems = Array.isArray(raw) ? items.map((e, i) => mistakeEntryProblems(e, `${path}[${i}]`)) : [[`${path}: expected an array`]];
    const bad = items.filter((_, i) => problems[i].length);
    if (!bad.length) continue;
    lab.mistakes = items.filter((_, i) => !problems[i].length) as MistakeEntry[];
    if (!readOnly) lab.mistakesUnreadable = [...(Array.isArray(lab.mistakesUnreadable) ? lab.mistakesUnreadable : []), ...bad];
    const first = problems.find((p) => p.length)![0];
    const what = `${bad.length} entr${bad.length === 1 ? 'y' : 'ies'} of ${path} did not validate (${first})`;
    warnings.push(readOnly ? `${what}; the next change will set ${bad.length === 1 ? 'it' : 'them'} aside in labs.${id}.mistakesUnreadable and keep the rest.` : `${what}; ${bad.length === 1 ? 'it was' : 'they were'} set aside in labs.${id}.mistakesUnreadable and the rest of the store was kept.`);
  }
  return warnings;
}

/** One row of the mistake log as `breakfix mistakes`, the tree and the export show it. */
export type MistakeLogItem = {
  lab: string;
  at: string;
  tag: string;
  meaning: string;
} & (
  | {
      source: 'check';
      check: string;
      /** The attempt that recorded it, then those in which it failed again. */
      attempts: number[];
      measured: number | string | null;
      threshold: number | string;
      op: Op;
      unit?: Unit;
      commit?: string;
      /** null: still open. */
      fixed: { n: number; at: string; commit?: string } | null;
    }
  | { source: 'note'; /** The note's number (1-based) among the lab's notes. */ note: number; text: string }
);

/** The lab's log: automatic entries and mistake-tagged notes (one row per mistake tag), oldest first. */
export function mistakeLogItems(labId: string, lab: LabProgress | undefined): MistakeLogItem[] {
  if (!lab) return [];
  const meaning = (tag: string) => tagMeaning(tag) ?? '(a tag this version of breakfix does not know)';
  const auto: MistakeLogItem[] = (lab.mistakes ?? []).map((e) => ({
    source: 'check',
    lab: labId,
    at: e.at,
    tag: e.tag,
    meaning: meaning(e.tag),
    check: e.check,
    attempts: [e.n, ...(e.again ?? []).map((g) => g.n)],
    measured: e.measured,
    threshold: e.threshold,
    op: e.op,
    ...(e.unit ? { unit: e.unit } : {}),
    ...(e.commit ? { commit: e.commit } : {}),
    fixed: e.fixed ?? null,
  }));
  const notes: MistakeLogItem[] = lab.notes.flatMap((n, i) =>
    n.tags.filter(isMistakeTag).map((tag): MistakeLogItem => ({ source: 'note', lab: labId, at: n.at, tag, meaning: meaning(tag), note: i + 1, text: n.text })),
  );
  return [...auto, ...notes].sort((a, b) => a.at.localeCompare(b.at));
}

/** Every lab's log (or the named labs'), oldest first. */
export function mistakeLogOf(progress: ProgressFile, labIds?: readonly string[]): MistakeLogItem[] {
  const ids = labIds ?? Object.keys(progress.labs);
  return ids.flatMap((id) => mistakeLogItems(id, progress.labs[id])).sort((a, b) => a.at.localeCompare(b.at));
}

/** "measured 0.31 seconds, needs < 0.15 seconds" for an automatic entry; the note's first line for a note. */
export function mistakeDetail(item: MistakeLogItem): string {
  if (item.source === 'note') return item.text.split('\n')[0];
  return `measured ${formatValue(item.measured, item.unit)}, needs ${item.op} ${formatValue(item.threshold, item.unit)}`;
}

/** "fixed by attempt 4", "open" (automatic entries), or "note 2" (typed). */
export function mistakeState(item: MistakeLogItem): string {
  if (item.source === 'note') return `note ${item.note}`;
  return item.fixed ? `fixed by attempt ${item.fixed.n}` : 'open';
}
