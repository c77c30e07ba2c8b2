// Parses and validates one lab.yaml, turning every problem into `file:line:col` + message + hint.
import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import schema from '../../../labs/lab.schema.json';
import type { Lab, LabProblem } from './types';
import { closest } from './suggest';
import { positionsIn } from './textPosition';

let validator: ReturnType<Ajv['compile']> | undefined;
function compiled() {
  validator ??= new Ajv({ allErrors: true, discriminator: true, strict: false, strictNumbers: true, verbose: true }).compile(schema);
  return validator;
}

/** `file:line:col` of a lab.yaml field, or of its nearest parent that exists. */
export type LabYamlLocator = (path: (string | number)[]) => string;

/** `where`: positions in this lab.yaml, for problems found after the schema (the catalogue's, the linter's). */
export type Parsed = { ok: true; lab: Lab; where: LabYamlLocator } | { ok: false; problems: LabProblem[] };

/** Validates lab.yaml text. `file` is used in `where`; `labDir` names the lab folder in problems. */
export function parseLab(text: string, file: string, labDir: string): Parsed {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const at = positionsIn(text, file);
  if (doc.errors.length > 0) {
    // One broken bracket can make a thousand errors: the first ones say where to look.
    const shown = doc.errors.slice(0, MAX_SYNTAX_PROBLEMS);
    const more = doc.errors.length - shown.length;
    return {
      ok: false,
      problems: shown.map((e, i) => ({
        labDir,
        where: at(e.pos[0]),
        message: `YAML syntax: ${e.message.split('\n')[0]}${more > 0 && i === shown.length - 1 ? ` (and ${more} more syntax errors after this one)` : ''}`,
        hint: 'Fix the YAML syntax (indentation, quotes, a missing colon) at this position.',
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS(); // resolves aliases: an undefined anchor or an alias bomb throws here
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, problems: [{ labDir, where: at(aliasOffset(doc, message)), message: `YAML aliases: ${message}`, hint: 'Define each anchor (&name) before its alias (*name), and reuse anchors sparingly, or write the values out.' }] };
  }
  const validate = compiled();
  if (validate(data)) return { ok: true, lab: data as Lab, where: locator(doc, at) };
  const problems = relevantErrors(validate.errors ?? []).map((e) => describe(e, doc, at, labDir));
  return { ok: false, problems: dedupe(problems) };
}

/** The most YAML syntax errors reported for one lab.yaml. */
export const MAX_SYNTAX_PROBLEMS = 10;

/** The longest message or hint a problem keeps: a 1 MB value must not be printed back in full. */
export const MAX_PROBLEM_TEXT = 300;

/** A problem whose message and hint are cut to MAX_PROBLEM_TEXT characters, saying how much was cut. */
export function clampProblem(p: LabProblem): LabProblem {
  const clamp = (t: string) => (t.length > MAX_PROBLEM_TEXT ? `${t.slice(0, MAX_PROBLEM_TEXT)}… (${t.length - MAX_PROBLEM_TEXT} more characters)` : t);
  return { ...p, message: clamp(p.message), hint: clamp(p.hint) };
}

/** A locator for lab.yaml text that is not parsed yet (the linter reads the file on its own). */
export function labYamlLocator(text: string, file: string): LabYamlLocator {
  return locator(parseDocument(text), positionsIn(text, file));
}

function locator(doc: Document, at: (offset: number) => string): LabYamlLocator {
  return (path) => {
    let node: Node | undefined;
    for (let p = path; p.length && !node; p = p.slice(0, -1)) node = nodeAt(doc, p);
    return at(node?.range?.[0] ?? 0);
  };
}

/** Where the alias that failed to resolve is: the one the message names, else the first alias. */
function aliasOffset(doc: Document, message: string): number {
  let offset: number | undefined;
  let named: number | undefined;
  visit(doc, {
    Alias(_, node) {
      const start = node.range?.[0] ?? 0;
      offset ??= start;
      if (named === undefined && message.endsWith(`: ${node.source}`)) named = start;
    },
  });
  return named ?? offset ?? 0;
}

/** With oneOf/discriminator, ajv reports every branch; keep the errors of the most specific path. */
/** A typo'd key also makes the real key "missing": report only the typo, whose hint names the fix. */
function relevantErrors(all: ErrorObject[]): ErrorObject[] {
  const errors = closestBranches(all);
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const list = specific.length > 0 ? specific : errors;
  const typoTargets = new Set(
    list
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => `${e.instancePath}/${closest(String(e.params.additionalProperty), allowedKeys(e))}`),
  );
  return list.filter((e) => !(e.keyword === 'required' && typoTargets.has(`${e.instancePath}/${e.params.missingProperty}`)));
}

/**
 * Where a value matches no branch of a oneOf, Ajv reports every branch's errors. Keep only the branch the
 * author meant: the one whose keys fit (fewest unknown or missing keys), then the one with fewest errors.
 * `{service: worker, replicas: .inf}` is a replicas constraint with a bad number, not an env constraint
 * missing `env`.
 */
function closestBranches(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors;
  for (const one of errors.filter((e) => e.keyword === 'oneOf')) {
    const prefix = `${one.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size < 2) continue;
    const misfit = (list: ErrorObject[]) => list.filter((e) => e.instancePath === one.instancePath && (e.keyword === 'additionalProperties' || e.keyword === 'required')).length;
    const [best] = [...branches.values()].sort((a, b) => misfit(a) - misfit(b) || a.length - b.length);
    kept = kept.filter((e) => !e.schemaPath.startsWith(prefix) || best.includes(e));
  }
  return kept;
}

function describe(e: ErrorObject, doc: Document, at: (o: number) => string, labDir: string): LabProblem {
  const path = pointerToPath(e.instancePath);
  const field = path.length ? path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('') : 'the top level';
  const node = nodeAt(doc, path);
  const offset = node?.range?.[0] ?? 0;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = allowedKeys(e);
      const guess = closest(key, allowed);
      const keyNode = keyNodeIn(node, key);
      return {
        labDir,
        where: at(keyNode?.range?.[0] ?? offset),
        message: `unknown key "${key}" in ${field}`,
        hint: guess ? `Did you mean "${guess}"?` : `Allowed keys: ${allowed.join(', ')}.`,
      };
    }
    case 'required':
      if (/^cost\./.test(field) && ['query', 'probe', 'path'].includes(String(e.params.missingProperty)))
        return { labDir, where: at(offset), message: `${field} has no measure`, hint: 'Add query (PromQL over the run, e.g. sum(increase(x_total[$__run]))) or probe and path (a number in a JSON answer).' };
      return {
        labDir,
        where: at(offset),
        message: `missing required key "${e.params.missingProperty}" in ${field}`,
        hint: `Add "${e.params.missingProperty}:" to ${field}; see labs/lab.schema.json.`,
      };
    case 'type':
      return {
        labDir,
        where: at(offset),
        message: `${field} must be ${article(String(e.params.type))}, not ${kindOf(node)}`,
        hint: e.params.type === 'array' ? `Write ${field} as a YAML list, e.g. [a, b].` : `Change the value of ${field} to ${article(String(e.params.type))}${/^(number|integer)$/.test(String(e.params.type)) ? ` that is finite, e.g. ${e.params.type === 'integer' ? '5' : '5 or 0.15'} (YAML .nan and .inf are not)` : ''}.`,
      };
    case 'enum':
      return {
        labDir,
        where: at(offset),
        message: `${field} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`,
        hint: suggestValue(node, e.params.allowedValues as unknown[]),
      };
    case 'const':
      return { labDir, where: at(offset), message: `${field} must be ${JSON.stringify(e.params.allowedValue)}`, hint: `Set ${field}: ${JSON.stringify(e.params.allowedValue)}.` };
    case 'pattern':
      return { labDir, where: at(offset), message: `${field} has the wrong form (must match ${e.params.pattern})`, hint: patternHint(String(e.params.pattern)) };
    case 'not': // only a cost measure uses it (lab.schema.json costMeasure)
      return { labDir, where: at(offset), message: `${field} is measured two ways`, hint: 'Give either query (PromQL over the run) or probe and path, not both.' };
    case 'discriminator':
      return { labDir, where: at(offset), message: `${field}.kind is missing or unknown`, hint: 'Set kind to one of the kinds listed in labs/lab.schema.json (faults: http, container, network; checks: promql, probe, scaling).' };
    default:
      return { labDir, where: at(offset), message: `${field} ${e.message ?? 'is invalid'}`, hint: 'See labs/lab.schema.json for the expected shape.' };
  }
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  const n = path.length ? doc.getIn(path, true) : doc.contents;
  return isNode(n) ? n : undefined;
}

function keyNodeIn(node: Node | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return pair && isNode(pair.key) ? pair.key : undefined;
}

/** Keys the schema allows where an unknown key was found (from the failing subschema's properties). */
function allowedKeys(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function kindOf(node: Node | undefined): string {
  if (!node) return 'missing';
  if (isScalar(node)) {
    if (node.value === null) return 'empty';
    if (typeof node.value === 'number' && !Number.isFinite(node.value)) return `${String(node.source ?? node.value)} (not a finite number${/e/i.test(String(node.source)) ? ': beyond 1.8e308' : ''})`;
    const shown = JSON.stringify(node.value);
    return `${typeof node.value} ${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}`;
  }
  return isMap(node) ? 'a mapping' : 'a list';
}

function article(t: string): string {
  return t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function suggestValue(node: Node | undefined, allowed: unknown[]): string {
  const value = isScalar(node) ? String(node.value) : '';
  const guess = closest(value, allowed.map(String));
  return guess ? `Did you mean "${guess}"?` : `Use one of: ${allowed.join(', ')}.`;
}

function patternHint(pattern: string): string {
  if (pattern.includes('ms|s|m|h')) return 'Write durations like 500ms, 30s or 5m.';
  if (pattern.startsWith('^[a-z0-9]+')) return 'Ids are lowercase words joined by hyphens, e.g. provider-outage.';
  if (pattern === '^/') return 'Paths start with "/".';
  if (pattern.includes('(?!(.*/)?')) {
    const md = pattern.endsWith('\\.md$') ? ' It names a Markdown file (.md).' : pattern.endsWith('\\.patch$') ? ' It names a unified diff (.patch), e.g. mutants/<id>.patch.' : '';
    return `Write a path inside the lab folder, relative to it: no leading "/", no "." or ".." segments, no backslashes (e.g. services/worker/src/*.js).${md}`;
  }
  return 'See labs/lab.schema.json for the expected form.';
}

function dedupe(problems: LabProblem[]): LabProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.where}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
