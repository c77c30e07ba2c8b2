// `breakfix writeup <lab>`: writeups/<id>.md from the lab's template, with the evidence block of the
// learner's runs. Locked until the lab passes. An existing writeup keeps every word; only its evidence
// block is regenerated.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LabEntry } from '../labs/types';
import { writeFileAtomic } from '../progress/atomicWrite';
import { openProgress } from '../progress/store';
import { hasPassed, type LabProgress } from '../progress/types';
import { buildEvidence } from './evidence';
import { writeupPath } from '../workspace/paths';
import { citedRuns } from './runs';
import { EVIDENCE_END, EVIDENCE_START } from './sections';

/** The lab has not passed: the writeup stays locked. */
export class WriteupLockedError extends Error {
  constructor(readonly labId: string, lab: LabProgress | undefined) {
    const tried = lab?.attempts.length ? ` You have ${lab.attempts.length} attempt(s); the last failed ${lab.attempts.at(-1)!.failed.join(', ') || '(an error)'}.` : '';
    super(`the writeup of ${labId} is locked until its checker passes.${tried} Run \`breakfix check ${labId}\` after your fix.`);
    this.name = 'WriteupLockedError';
  }
}

export function templatePath(entry: LabEntry): string {
  return join(entry.dir, entry.lab.writeup?.template ?? 'writeup.md');
}


export interface WriteupResult {
  file: string;
  created: boolean;
  charts: string[];
  warnings: string[];
}

/** The lab's progress, once it has passed; WriteupLockedError before. */
export async function passedLab(entry: LabEntry, workspaceDir: string) {
  const id = entry.lab.id;
  const { progress, warnings } = await openProgress(workspaceDir);
  const lab = progress.labs[id];
  if (!hasPassed(lab)) throw new WriteupLockedError(id, lab);
  return { id, lab, warnings };
}

export async function createWriteup(entry: LabEntry, workspaceDir: string): Promise<WriteupResult> {
  const { id, lab, warnings } = await passedLab(entry, workspaceDir);
  const runs = await citedRuns(lab);
  const evidence = await buildEvidence(entry, workspaceDir, runs);
  const file = writeupPath(workspaceDir, id);
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  const text = existing === undefined ? fromTemplate(await readFile(templatePath(entry), 'utf8')) + '\n' + evidence.markdown : withEvidence(existing, evidence.markdown);
  if (text !== existing) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  }
  return { file, created: existing === undefined, charts: evidence.charts, warnings };
}

/** The template with today's date filled in ("Date:" left empty in the template). */
function fromTemplate(template: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return template.replace(/Date:(\s*)(\*|$)/m, `Date: ${today}$1$2`).trimEnd() + '\n';
}

/** Replaces the evidence block, or appends one when the learner removed it. */
function withEvidence(text: string, evidence: string): string {
  const start = text.indexOf(EVIDENCE_START.slice(0, 25));
  const end = text.indexOf(EVIDENCE_END);
  if (start < 0 || end < start) return text.trimEnd() + '\n\n' + evidence;
  return text.slice(0, start) + evidence.trimEnd() + text.slice(end + EVIDENCE_END.length);
}
