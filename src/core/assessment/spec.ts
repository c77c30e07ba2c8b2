// Reads and validates labs/<id>/assessment.yaml (the assessor's side of a lab) and a reviewer's hand-over
// file. Every problem names the file, the line and the field, and says how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, parseDocument, type Document } from 'yaml';
import type { Lab, LabEntry } from '../labs/types';
import { positionsIn } from '../labs/textPosition';
import { ASSESSMENT_FORMAT, ASSESSMENT_SPEC_FILE, DEFAULT_RUBRIC, RUBRIC_PARTS, type AssessmentHandover, type AssessmentSpec, type Rubric } from './types';

/** The longest assessment.yaml or hand-over file read. */
export const MAX_SPEC_BYTES = 256 * 1024;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class AssessmentSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'AssessmentSpecError';
  }
}

export function assessmentSpecPath(entry: LabEntry): string {
  return join(entry.dir, ASSESSMENT_SPEC_FILE);
}

export function hasAssessment(entry: LabEntry): boolean {
  return existsSync(assessmentSpecPath(entry));
}

/** The lab's assessment.yaml with defaults applied; throws AssessmentSpecError listing every problem. */
export function loadAssessmentSpec(entry: LabEntry): AssessmentSpec {
  const file = assessmentSpecPath(entry);
  if (!existsSync(file)) throw new AssessmentSpecError([`${entry.lab.id} has no assessment (no ${file}): pick a lab that has one (\`breakfix assess labs\`), or write one (docs/authoring.md, "Assessment").`]);
  const { data, where } = readYaml(file);
  const problems = specProblems(data, entry.lab, where);
  if (problems.length) throw new AssessmentSpecError(problems);
  const d = data as Record<string, unknown> & { load?: { rate?: number }; faults?: string[]; rubric?: Partial<Rubric> };
  return {
    format: ASSESSMENT_FORMAT,
    ticket: d.ticket as AssessmentSpec['ticket'],
    rootCauses: d.rootCauses as AssessmentSpec['rootCauses'],
    answer: d.answer as string,
    rubric: { ...DEFAULT_RUBRIC, ...(d.rubric ?? {}) },
    faults: d.faults ?? entry.lab.faults.map((f) => f.id),
    load: { rate: d.load?.rate ?? defaultRate(entry.lab) },
  };
}

/** A fifth of the check's load, at least 1 request per second: steady traffic that leaves the machine room to debug. */
export function defaultRate(lab: Lab): number {
  return Math.max(1, Math.round((lab.scenario?.load.rate ?? 5) / 5));
}

/** The problems of an assessment.yaml's data, each as `file:line:col: field: what is wrong. How to fix it.` */
export function specProblems(data: unknown, lab: Lab, where: (path: (string | number)[]) => string): string[] {
  const out: string[] = [];
  const bad = (path: (string | number)[], what: string, fix: string) => out.push(`${where(path)}: ${path.join('.') || '(top)'}: ${what}. ${fix}`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    bad([], 'not a mapping', 'Write the keys format, ticket, rootCauses and answer (docs/authoring.md, "Assessment").');
    return out;
  }
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!['format', 'ticket', 'rootCauses', 'answer', 'rubric', 'faults', 'load'].includes(k)) bad([k], 'unknown key', 'Remove it; the keys are format, ticket, rootCauses, answer, rubric, faults and load.');
  if (d.format !== ASSESSMENT_FORMAT) bad(['format'], `is ${JSON.stringify(d.format)}, not ${ASSESSMENT_FORMAT}`, `Write \`format: ${ASSESSMENT_FORMAT}\`.`);
  const t = d.ticket as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') bad(['ticket'], 'missing', 'Give the incident ticket: title, symptoms (a list) and impact.');
  else {
    if (!nonEmpty(t.title)) bad(['ticket', 'title'], 'missing or empty', 'Title the ticket as on-call would.');
    if (!Array.isArray(t.symptoms) || !t.symptoms.length || !t.symptoms.every(nonEmpty)) bad(['ticket', 'symptoms'], 'not a list of non-empty strings', 'List what customers, alerts and dashboards show.');
    if (!nonEmpty(t.impact)) bad(['ticket', 'impact'], 'missing or empty', 'Say who is hurt and how.');
    const text = [t.title, ...(Array.isArray(t.symptoms) ? t.symptoms : []), t.impact].filter(nonEmpty).join('\n').toLowerCase();
    const causes = Array.isArray(d.rootCauses) ? (d.rootCauses as { id?: unknown }[]).map((c) => c?.id).filter(nonEmpty) : [];
    // Ids also as the words they are made of ("provider outage" names provider-outage), whole words only.
    const ids = [...lab.faults.map((f) => f.id), ...lab.checks.map((c) => c.id), ...causes];
    const names = [...ids, ...ids.map((id) => id.replace(/-/g, ' ')), ...lab.faults.map((f) => f.title)];
    for (const n of new Set(names)) if (namesWord(text, n)) bad(['ticket'], `names "${n}" (a fault, check or root cause of the lab)`, 'A ticket tells symptoms, never the fault or the bug: describe what customers and graphs show instead.');
  }
  const causes = d.rootCauses;
  if (!Array.isArray(causes) || causes.length < 2) bad(['rootCauses'], 'not a list of at least 2 root causes', 'List the candidate root causes ({id, text}) the diagnosis offers, the known one among them.');
  else {
    const seen = new Set<string>();
    causes.forEach((c: { id?: unknown; text?: unknown } | null, i) => {
      if (!c || typeof c.id !== 'string' || !ID.test(c.id)) bad(['rootCauses', i, 'id'], 'not a kebab-case id', 'Use lowercase words joined by "-".');
      else if (seen.has(c.id)) bad(['rootCauses', i, 'id'], `"${c.id}" appears twice`, 'Give each root cause its own id.');
      else seen.add(c.id);
      if (!c || !nonEmpty(c.text)) bad(['rootCauses', i, 'text'], 'missing or empty', 'State the cause in one sentence.');
    });
    if (typeof d.answer !== 'string' || !seen.has(d.answer)) bad(['answer'], `${JSON.stringify(d.answer)} is not one of the rootCauses ids (${[...seen].join(', ')})`, 'Name the known root cause by its id.');
  }
  if (d.rubric !== undefined) out.push(...rubricProblems(d.rubric, (p) => where(['rubric', ...p])));
  if (d.faults !== undefined) {
    const known = lab.faults.map((f) => f.id);
    if (!Array.isArray(d.faults) || !d.faults.length) bad(['faults'], 'not a non-empty list of fault ids', `Name faults of lab.yaml: ${known.join(', ')}; or leave the key out for all of them.`);
    else d.faults.forEach((f, i) => !known.includes(f as string) && bad(['faults', i], `"${String(f)}" is not a fault of ${lab.id}`, `Use one of ${known.join(', ')}.`));
  }
  if (d.load !== undefined) {
    const rate = (d.load as { rate?: unknown } | null)?.rate;
    if (typeof rate !== 'number' || !(rate > 0) || rate > 1000) bad(['load', 'rate'], `${JSON.stringify(rate)} is not a rate between 0 and 1000 per second`, 'Give the background load in requests per second, or leave `load` out.');
  }
  return out;
}

export function rubricProblems(v: unknown, where: (path: (string | number)[]) => string, partial = true): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${where([])}: rubric: not a mapping. Give points per part: ${RUBRIC_PARTS.join(', ')}.`];
  const out: string[] = [];
  for (const [k, n] of Object.entries(v)) {
    if (!(RUBRIC_PARTS as readonly string[]).includes(k)) out.push(`${where([k])}: rubric.${k}: unknown part. The parts are ${RUBRIC_PARTS.join(', ')}.`);
    else if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) out.push(`${where([k])}: rubric.${k}: ${JSON.stringify(n)} is not a whole number of points (0 to 1000). Give the points this part is worth.`);
  }
  if (!partial) for (const k of RUBRIC_PARTS) if (!(k in v)) out.push(`${where([])}: rubric.${k}: missing. Give its points.`);
  return out;
}

/** Reads a reviewer's hand-over file (YAML or JSON): lab, and optionally minutes, seed, faults, rubric. */
export function loadHandover(file: string): AssessmentHandover {
  const { data, where } = readYaml(file);
  const out: string[] = [];
  const bad = (path: (string | number)[], what: string) => out.push(`${where(path)}: ${path.join('.')}: ${what}`);
  const d = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (d !== data) bad([], 'not a mapping. Write at least `format: 1` and `lab: <lab id>`.');
  for (const k of Object.keys(d)) if (!['format', 'lab', 'minutes', 'seed', 'faults', 'rubric'].includes(k)) bad([k], 'unknown key. The keys are format, lab, minutes, seed, faults and rubric.');
  if (d.format !== ASSESSMENT_FORMAT) bad(['format'], `is ${JSON.stringify(d.format)}, not ${ASSESSMENT_FORMAT}. Write \`format: ${ASSESSMENT_FORMAT}\`.`);
  if (typeof d.lab !== 'string' || !ID.test(d.lab)) bad(['lab'], 'missing, or not a lab id. Name the lab, e.g. `lab: notification-retry-storm`.');
  if (d.minutes !== undefined && !validMinutes(d.minutes)) bad(['minutes'], `${JSON.stringify(d.minutes)} is not a whole number of minutes from 5 to 480.`);
  if (d.seed !== undefined && (typeof d.seed !== 'string' && typeof d.seed !== 'number')) bad(['seed'], 'not a string or number.');
  if (d.faults !== undefined && (!Array.isArray(d.faults) || !d.faults.every((f) => typeof f === 'string' && ID.test(f)))) bad(['faults'], 'not a list of fault ids.');
  if (d.rubric !== undefined) out.push(...rubricProblems(d.rubric, (p) => where(['rubric', ...p])));
  if (out.length) throw new AssessmentSpecError(out);
  return { ...(d as unknown as AssessmentHandover), ...(d.seed !== undefined ? { seed: String(d.seed) } : {}) };
}

/** `name` appears in `text` as whole words (case-insensitive). No RegExp: a name may be any length. */
function namesWord(text: string, name: string): boolean {
  const t = text.toLowerCase();
  const n = name.toLowerCase();
  const wordChar = (c: string | undefined) => c !== undefined && /[a-z0-9-]/.test(c);
  if (!n) return false;
  for (let i = t.indexOf(n); i !== -1; i = t.indexOf(n, i + 1)) if (!wordChar(t[i - 1]) && !wordChar(t[i + n.length])) return true;
  return false;
}

export function validMinutes(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 5 && v <= 480;
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function readYaml(file: string): { data: unknown; where: (path: (string | number)[]) => string } {
  let text: string;
  try {
    const size = readFileSync(file).byteLength;
    if (size > MAX_SPEC_BYTES) throw new AssessmentSpecError([`${file}: ${size} bytes, over the ${MAX_SPEC_BYTES} an assessment file may have. Is it the right file?`]);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof AssessmentSpecError) throw err;
    throw new AssessmentSpecError([`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check the path.`]);
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const at = positionsIn(text, file);
  if (doc.errors.length) throw new AssessmentSpecError(doc.errors.slice(0, 5).map((e) => `${at(e.pos[0])}: YAML syntax: ${e.message.split('\n')[0]}. Fix the indentation, quotes or colon there.`));
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new AssessmentSpecError([`${file}: YAML aliases: ${(err as Error).message}. Write the values out.`]);
  }
  return { data, where: locator(doc, at, file) };
}

function locator(doc: Document, at: (offset: number) => string, file: string): (path: (string | number)[]) => string {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n ? doc.getIn(path.slice(0, n), true) : doc.contents;
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return file;
  };
}
