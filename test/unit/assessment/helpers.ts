// Shared by the assessment unit tests: the bundled lab 1, and a running assessment in a temp workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beginAssessment } from '../../../src/core/assessment/lifecycle';
import { loadAssessmentSpec } from '../../../src/core/assessment/spec';
import type { AssessmentRecord } from '../../../src/core/assessment/types';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';

export const LAB1 = 'notification-retry-storm';
export const bundledLabs = resolve(__dirname, '../../../labs');

export async function lab(id = LAB1): Promise<LabEntry> {
  const entry = findLab(await loadCatalogue(bundledLabs), id);
  if (!entry) throw new Error(`no bundled lab ${id}`);
  return entry;
}

const made: string[] = [];
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function tempWorkspace(name = 'assess'): string {
  const dir = mkdtempSync(join(tmpdir(), `breakfix-${name}-`));
  made.push(dir);
  return dir;
}

/** A running assessment of `entry` in `ws`, begun at `now` (no stack, no driver: the record only). */
export async function runningAssessment(entry: LabEntry, ws: string, opts: { minutes?: number; now?: Date; seed?: string } = {}): Promise<AssessmentRecord> {
  return beginAssessment(entry, ws, loadAssessmentSpec(entry), { minutes: opts.minutes ?? 30, seed: opts.seed ?? 'fixed', ...(opts.now ? { now: opts.now } : {}) });
}
