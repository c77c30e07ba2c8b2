// Property: whatever a careless author or a hostile one puts in ONE lab.yaml (keys deleted, types swapped,
// aliases and anchors, huge strings, deep nesting, traversal paths, non-finite numbers, broken syntax),
// the catalogue and the linter never throw, every problem points at a real `file:line:col` inside that
// lab, the other labs are still listed, and no path the lab accepts leaves the lab.
//
// The mutations start from lab 1's real lab.yaml, the richest one. Two runs: a fixed seed (the same cases
// every time) and a random one, printed so that a failure can be replayed:
//   BREAKFIX_PROPERTY_SEED=<seed> npx mocha --require tsx/cjs test/unit/labs/hostileLabYaml.property.test.ts
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry, LabProblem } from '../../../src/core/labs/types';
import { lintRules } from '../../../src/core/proof/rules';

const VICTIM = 'notification-retry-storm';
const OTHERS = ['tiny-queue', 'transactional-outbox'];
const RUNS = 300; // per seed; about 20 ms a case alone, 45 ms in the parallel unit suite
const FIXED_SEED = 20261203;

type Path = (string | number)[];

/** Every node's path in the document, keys of maps and indices of sequences. */
function paths(doc: Document): Path[] {
  const out: Path[] = [];
  const walk = (node: unknown, at: Path) => {
    if (isMap(node)) node.items.forEach((pair) => { const key = (pair.key as { value?: unknown })?.value; if (typeof key === 'string') { out.push([...at, key]); walk(pair.value, [...at, key]); } });
    else if (isSeq(node)) node.items.forEach((item, i) => { out.push([...at, i]); walk(item, [...at, i]); });
  };
  walk(doc.contents, []);
  return out;
}

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : [nested(depth - 1)]);
/** Stands for a 300 KB string, so that a failing case prints this name instead of the string. */
const HUGE = '<300 KB of x>';
const TRAVERSALS = ['../../../../etc/passwd', '/etc/passwd', '..', '.', 'services/../../transactional-outbox/lab.yaml', 'C:\\Windows\\win.ini', '\\\\server\\share', 'a/./b', '~/x', '**/../*'];

/** A value a lab.yaml field should never get, or sometimes might: the mix makes both paths run. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...TRAVERSALS),
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1, 0, 0.5, 2 ** 53 + 1, null, true, '', '__proto__', 'constructor'),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(HUGE),
  fc.integer({ min: 50, max: 400 }).map(nested),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('id', 'kind', '__proto__', 'service', 'port', 'for'), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'set'; at: number; value: unknown }
  | { op: 'alias'; from: number; to: number }
  | { op: 'text'; at: number; insert: string }
  | { op: 'truncate'; at: number }
  | { op: 'bomb' }
  | { op: 'hugeNumber'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('alias' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('text' as const), at: fc.nat(), insert: fc.constantFrom('\t', ': ', '"', "'", '&a ', '*nope ', '{', '[', '\n  - ', '\n', '\u0000', '%', '!!js/function ') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bomb' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hugeNumber' as const), at: fc.nat() }) },
);

const BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n';

/** Applies the mutations in order, structural ones on the document, the others on its text. */
function mutate(original: string, mutations: Mutation[]): string {
  let text = original;
  for (const m of mutations) {
    if (m.op === 'text') { const at = m.at % (text.length + 1); text = text.slice(0, at) + m.insert + text.slice(at); continue; }
    if (m.op === 'truncate') { text = text.slice(0, m.at % (text.length + 1)); continue; }
    if (m.op === 'bomb') { text = BOMB + text; continue; }
    if (m.op === 'hugeNumber') {
      const numbers = [...text.matchAll(/(?<=: )\d+(\.\d+)?(?=\s)/g)];
      if (numbers.length) { const n = numbers[m.at % numbers.length]; text = text.slice(0, n.index) + '1e400' + text.slice(n.index! + n[0].length); }
      continue;
    }
    const doc = parseDocument(text);
    if (doc.errors.length) continue; // already broken text: structural edits have nothing to hold on to
    const all = paths(doc);
    if (!all.length) continue;
    if (m.op === 'delete') doc.deleteIn(all[m.at % all.length]);
    else if (m.op === 'set') doc.setIn(all[m.at % all.length], m.value === HUGE ? 'x'.repeat(300_000) : m.value);
    else {
      const from = all[m.from % all.length];
      const node = doc.getIn(from, true) as Node | undefined;
      if (!node || typeof node !== 'object') continue;
      node.anchor = 'shared';
      doc.setIn(all[m.to % all.length], doc.createAlias(node as never, 'shared'));
    }
    try { text = doc.toString({ lineWidth: 0 }); } catch { /* an alias to a removed anchor cannot be written: keep the text */ }
  }
  return text;
}

/** The lab folder a problem position points into, with line and column inside the file's text. */
function assertPosition(p: LabProblem, victimDir: string) {
  const m = /^(.+):(\d+):(\d+)$/.exec(p.where);
  assert.ok(m, `"${p.where}" is not file:line:col (${p.message})`);
  const [, file, line, col] = m;
  const rel = relative(victimDir, file);
  assert.ok(!rel.startsWith('..') && !isAbsolute(rel), `${p.where} is outside the lab ${victimDir}`);
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.ok(Number(line) >= 1 && Number(line) <= lines.length, `${p.where}: line ${line} of ${lines.length}`);
  assert.ok(Number(col) >= 1 && Number(col) <= lines[Number(line) - 1].length + 1, `${p.where}: column ${col} of a ${lines[Number(line) - 1].length}-character line`);
}

function assertInside(dir: string, p: string, what: string) {
  const rel = relative(dir, resolve(dir, p));
  assert.ok(rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !isAbsolute(p), `${what} "${p.slice(0, 80)}" leaves the lab`);
}

function assertPathsInside(entry: LabEntry) {
  const lab = entry.lab;
  for (const f of lab.learnerFiles) assertInside(entry.dir, f.replace(/^!/, ''), 'learnerFiles');
  if (lab.writeup?.template) assertInside(entry.dir, lab.writeup.template, 'writeup.template');
  for (const m of lab.proof?.mutants ?? []) assertInside(entry.dir, m.patch, `proof.mutants ${m.id} patch`);
}

describe('property: a hostile lab.yaml never hides the other labs nor leaves its lab', function () {
  this.timeout(120_000);
  let labsDir: string;
  let original: string;
  let cases = 0;
  let started = 0;
  const outcomes = { listed: 0, reported: 0 };
  before(() => {
    labsDir = mkdtempSync(join(tmpdir(), 'breakfix-property-'));
    cpSync(resolve(__dirname, '../../../labs', VICTIM), join(labsDir, VICTIM), { recursive: true });
    cpSync(resolve(__dirname, '../../../labs', 'transactional-outbox'), join(labsDir, 'transactional-outbox'), { recursive: true });
    cpSync(resolve(__dirname, '../../fixtures/labs/tiny-queue'), join(labsDir, 'tiny-queue'), { recursive: true });
    original = readFileSync(join(labsDir, VICTIM, 'lab.yaml'), 'utf8');
    started = Date.now();
  });
  after(() => {
    rmSync(labsDir, { recursive: true, force: true });
    console.log(`      ${cases} mutated lab.yaml files in ${((Date.now() - started) / 1000).toFixed(1)} s: ${outcomes.listed} still a lab, ${outcomes.reported} reported as problems`);
  });

  const property = fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
    cases++;
    const victimDir = join(labsDir, VICTIM);
    const text = mutate(original, mutations);
    writeFileSync(join(victimDir, 'lab.yaml'), text);

    const catalogue = await loadCatalogue(labsDir);
    const listed = catalogue.labs.map((e) => e.lab.id);
    for (const id of OTHERS) assert.ok(listed.includes(id), `${id} is no longer listed (listed: ${listed.join(', ')})`);
    for (const p of catalogue.problems) {
      assert.equal(resolve(p.labDir), victimDir, `a problem blames ${p.labDir}: ${p.message}`);
      assertPosition(p, victimDir);
    }
    const victim = catalogue.labs.find((e) => e.dir === victimDir);
    if (!victim) {
      assert.ok(catalogue.problems.length > 0, 'the lab is neither listed nor reported');
      outcomes.reported++;
      return;
    }
    outcomes.listed++;
    assertPathsInside(victim);
    for (const p of lintRules(victim)) assertPosition(p, victimDir);
  });

  it(`${RUNS} cases from the fixed seed ${FIXED_SEED}`, async () => {
    await fc.assert(property, { seed: Number(process.env.BREAKFIX_PROPERTY_SEED ?? FIXED_SEED), numRuns: RUNS });
  });

  it(`${RUNS} cases from a random seed (printed)`, async () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`      random seed ${seed} (replay: BREAKFIX_PROPERTY_SEED=${seed})`);
    await fc.assert(property, { seed, numRuns: RUNS });
  });
});
