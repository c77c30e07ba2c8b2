// `breakfix writeup <lab> --check` / Validate Writeup: every section has at least 40 words of the
// learner's own (the template's prompts and the evidence block do not count) and Metric cites a number
// the checker measured. A valid writeup moves the lab to "written up".
import { readFile } from 'node:fs/promises';
import type { LabEntry } from '../labs/types';
import { labEntry, updateProgress } from '../progress/store';
import { writeupPath } from '../workspace/paths';
import { passedLab, templatePath } from './create';
import { citedRuns, measuredNumbers } from './runs';
import { findSection, parseSections, prose, SECTIONS, words, type Section } from './sections';

export const MIN_OWN_WORDS = 40;

export interface WriteupProblem {
  /** 1-based line in the writeup. */
  line: number;
  section: string;
  message: string;
}

export interface WriteupCheck {
  file: string;
  ok: boolean;
  problems: WriteupProblem[];
  /** Words of the learner's own, per section. */
  words: Record<string, number>;
  /** The measured numbers Metric cites. */
  cited: number[];
  warnings: string[];
}

export async function checkWriteup(entry: LabEntry, workspaceDir: string): Promise<WriteupCheck> {
  const { id, lab, warnings } = await passedLab(entry, workspaceDir);
  const file = writeupPath(workspaceDir, id);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`${file} does not exist yet: run \`breakfix writeup ${id}\` to create it from the template with your evidence.`);
    throw err;
  });
  const template = parseSections(await readFile(templatePath(entry), 'utf8'));
  const sections = parseSections(text);
  const problems: WriteupProblem[] = [];
  const counts: Record<string, number> = {};
  let cited: number[] = [];
  for (const name of SECTIONS) {
    const section = findSection(sections, name);
    if (!section) {
      problems.push({ line: 1, section: name, message: `the section "${name}" is missing: add a "## ${name}" heading and write it.` });
      continue;
    }
    const own = ownText(section, findSection(template, name));
    const n = words(own).length;
    counts[name] = n;
    if (n < MIN_OWN_WORDS) problems.push({ line: section.line, section: name, message: `${n} word${n === 1 ? '' : 's'} of your own; write at least ${MIN_OWN_WORDS} (the template's prompts and the evidence do not count).` });
    if (name === 'Metric') {
      const runs = await citedRuns(lab);
      cited = citedMeasurements(own, measuredNumbers([runs.before, runs.after]));
      if (!cited.length) problems.push({ line: section.line, section: name, message: 'cite at least one number the checker measured (for example a check value from the Evidence table, before or after), so a reader can verify it.' });
    }
  }
  const ok = problems.length === 0;
  if (ok) {
    const update = await updateProgress(workspaceDir, (p, now) => {
      const l = labEntry(p, id, now);
      l.status = 'written-up';
      l.writtenUpAt ??= now;
    });
    warnings.push(...update.warnings);
  }
  return { file, ok, problems, words: counts, cited, warnings };
}

/** The section's text minus the lines the template already has there. */
function ownText(section: Section, template: Section | undefined): string {
  const prompts = new Set((template?.body ?? []).map((l) => l.text.trim()).filter(Boolean));
  return section.body
    .filter((l) => !prompts.has(l.text.trim()))
    .map((l) => prose(l.text))
    .join('\n');
}

/** Numbers in `text` that equal a measured one, allowing display rounding and s ↔ ms. */
export function citedMeasurements(text: string, measured: readonly number[]): number[] {
  const found = (text.match(/-?\d[\d,]*(?:\.\d+)?/g) ?? []).map((s) => Number(s.replace(/,/g, ''))).filter(Number.isFinite);
  const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.5 * 10 ** -decimals(a), Math.abs(b) * 0.005);
  return [...new Set(found.filter((n) => measured.some((m) => near(n, m) || near(n, m * 1000) || near(n, m / 1000))))];
}

function decimals(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
