// What stands between an assistant and what a learner must not be handed: the one home of the AI
// guards. Every tool call and every @breakfix prompt goes through them:
//   - Workspace Trust: nothing runs in an untrusted workspace;
//   - an assessment: nothing runs while one is under way in the workspace (the 'ai' lock);
//   - the input is validated against the tool's schema, with what is wrong and how to fix it;
//   - the output is bounded in size, and withheld whole if it holds a line of the reference solution,
//     of a mutant, of the solution's README, a mutant's rationale or a hint the learner has not revealed.
import Ajv, { type ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockMessage, LOCKED_FEATURES } from '../assessment/locks';
import { logEvent, readAssessment, runningFor } from '../assessment/record';
import { filesUnder } from '../labs/digest';
import { patchedTexts, textsUnder } from '../labs/patch';
import type { LabEntry } from '../labs/types';
import { readProgress } from '../progress/store';
import { solutionReadme, solutionTexts } from '../solution';
import type { AiToolSpec } from './tools';

export const MAX_OUTPUT_CHARS = 16_000;
/** A secret line shorter than this is too common to tell (`}`, `return null;`, `await sleep(ms);`). */
export const MIN_SECRET_CHARS = 24;

export const UNTRUSTED_MESSAGE =
  "Break/Fix Labs' AI tools are off in Restricted Mode: they read and run a lab's code. Trust this workspace (Manage Workspace Trust) to use them.";

/** Why no AI tool may run now, or undefined. */
export async function aiRefusal(opts: { trusted: boolean; workspaceDir?: string }): Promise<string | undefined> {
  if (!opts.trusted) return UNTRUSTED_MESSAGE;
  if (!opts.workspaceDir) return undefined;
  const { record } = await readAssessment(opts.workspaceDir).catch(() => ({ record: undefined }));
  const running = runningFor(record);
  if (!running) return undefined;
  await logEvent(opts.workspaceDir, 'locked', 'asked for ai: refused').catch(() => undefined);
  return lockMessage(running, running.lab, 'ai') ?? `${LOCKED_FEATURES.ai} locked during an assessment.`;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Problems with a tool's input, each naming the field and what it takes; empty when it is valid. */
export function inputProblems(tool: AiToolSpec, input: unknown): string[] {
  let validate = validators.get(tool.name);
  if (!validate) validators.set(tool.name, (validate = ajv.compile(tool.inputSchema)));
  if (validate(input ?? {})) return [];
  return (validate.errors ?? []).map((e) => describe(tool, e));
}

function describe(tool: AiToolSpec, e: ErrorObject): string {
  const field = e.instancePath.replace(/^\//, '') || (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty || '';
  if (e.keyword === 'additionalProperties') {
    const known = Object.keys(tool.inputSchema.properties).join(', ');
    return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}": ${tool.name} takes ${known}`;
  }
  if (e.keyword === 'required') return `missing "${field}": ${String(tool.inputSchema.properties[field]?.description ?? 'it is required')}`;
  const prop = tool.inputSchema.properties[field] ?? {};
  const bounds = [prop.minimum !== undefined && `at least ${String(prop.minimum)}`, prop.maximum !== undefined && `at most ${String(prop.maximum)}`, prop.maxLength !== undefined && `at most ${String(prop.maxLength)} characters`].filter(Boolean).join(', ');
  return `"${field}" ${e.message ?? 'is not valid'}${bounds ? ` (${bounds})` : ''}`;
}

/** Cuts text to `max` characters at a line end, saying how much was left out. */
export function bounded(text: string, max = MAX_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max - 120);
  const kept = text.slice(0, cut > 0 ? cut : max - 120);
  return `${kept}\n… (${text.length - kept.length} more characters left out: ask for less, e.g. fewer lines or a shorter range)`;
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The texts of a lab that no AI output may contain: the reference solution's and each mutant's lines that
 * the learner's baseline does not have, the solution README, the mutants' rationales and the hints not yet
 * revealed (`revealed` of them are). Normalized (one space), each at least MIN_SECRET_CHARS long.
 */
export function secretTexts(entry: LabEntry, revealed: number): string[] {
  // A lab's files do not change while a host runs (they are bundled), so each (lab, revealed) is computed once:
  // a @breakfix turn screens several answers, and each would otherwise apply every patch again.
  const key = `${entry.dir}\0${revealed}`;
  let secrets = secretCache.get(key);
  if (!secrets) secretCache.set(key, (secrets = computeSecrets(entry, revealed)));
  return secrets;
}

const secretCache = new Map<string, string[]>();

function computeSecrets(entry: LabEntry, revealed: number): string[] {
  const baseline = new Set<string>();
  const lines = (text: string) => text.split('\n').map(normal).filter((l) => l.length >= MIN_SECRET_CHARS);
  const secrets = new Set<string>();
  const read = textsUnder(entry.dir);
  let solution = new Map<string, string>();
  try {
    solution = solutionTexts(entry);
  } catch {
    // A solution that no longer applies is lint's to report; its patch text is still secret (below).
  }
  // What the learner has anyway: the lab's services (the baseline), compose file and README, and the kit.
  for (const file of filesUnder(entry.dir, ['services', 'compose.yaml', 'README.md'])) for (const l of lines(read(file) ?? '')) baseline.add(l);
  const fromSolution = (file: string) => solution.get(file) ?? read(file);
  const addNew = (text: string) => lines(text).filter((l) => !baseline.has(l)).forEach((l) => secrets.add(l));
  for (const text of solution.values()) addNew(text);
  for (const m of entry.lab.proof?.mutants ?? []) {
    const patch = join(entry.dir, m.patch);
    if (!existsSync(patch)) continue;
    try {
      for (const text of patchedTexts(patch, fromSolution, 'the solution').values()) addNew(text);
    } catch {
      addNew(readFileSync(patch, 'utf8').replace(/^[+-]/gm, ''));
    }
    if (m.description) secrets.add(normal(m.description));
  }
  if (!solution.size && existsSync(join(entry.dir, 'solution', 'fix.patch'))) addNew(readFileSync(join(entry.dir, 'solution', 'fix.patch'), 'utf8').replace(/^[+-]/gm, ''));
  addNew(readIf(solutionReadme(entry)));
  for (const h of entry.lab.hints.slice(Math.max(0, revealed))) secrets.add(normal(h));
  return [...secrets];
}

function readIf(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The first secret that `text` contains, or undefined. */
export function leakIn(text: string, secrets: readonly string[]): string | undefined {
  const t = normal(text);
  return secrets.find((s) => t.includes(s));
}

export const WITHHELD_MESSAGE =
  "Withheld: this answer would have shown part of the lab's reference solution or a hint not yet revealed. Break/Fix's AI tools explain evidence; they never hand over the fix. Reveal a hint (Reveal Hint, or `breakfix hint <lab>`) or pass the check to see the reference solution.";

/** How many hints of the lab the learner has revealed in the workspace (0 without one). */
export async function revealedHints(workspaceDir: string | undefined, labId: string): Promise<number> {
  if (!workspaceDir) return 0;
  const { progress } = await readProgress(workspaceDir).catch(() => ({ progress: { labs: {} as Record<string, { hintsRevealed?: number }> } }));
  return progress.labs[labId]?.hintsRevealed ?? 0;
}

/** The text, or the withheld message when it contains a secret of the lab. */
export async function screened(text: string, entry: LabEntry, workspaceDir: string | undefined): Promise<{ text: string; withheld: boolean }> {
  const secrets = secretTexts(entry, await revealedHints(workspaceDir, entry.lab.id));
  return leakIn(text, secrets) ? { text: WITHHELD_MESSAGE, withheld: true } : { text, withheld: false };
}
