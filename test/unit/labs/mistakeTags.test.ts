// lab.yaml's `mistake:` on a check: one of the mistake tags of src/core/progress/tags.ts, or a lint problem
// at its line and column with a suggestion and the list. Run on a temp copy of a bundled lab: a bundled
// lab.yaml is part of every proof ledger's digest.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { lintRules } from '../../../src/core/proof/rules';
import { TAGS } from '../../../src/core/progress/tags';

const LAB = 'notification-retry-storm';
const BUNDLED = resolve(__dirname, '../../../labs', LAB);

describe('lab.yaml: a check\'s mistake tag', () => {
  let labs: string;
  beforeEach(() => {
    labs = mkdtempSync(join(tmpdir(), 'bf-mistake-tag-'));
    cpSync(BUNDLED, join(labs, LAB), { recursive: true, filter: (src) => !src.includes('node_modules') });
  });
  afterEach(() => rmSync(labs, { recursive: true, force: true }));

  /** Adds `mistake: <tag>` under the check `no-duplicates` and returns the catalogue, the lint problems and the line of the tag. */
  async function withTag(tag: string) {
    const file = join(labs, LAB, 'lab.yaml');
    // The bundled lab tags its checks already: those tags go, this one comes in under no-duplicates.
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => !/^    mistake: /.test(l));
    const at = lines.indexOf('  - id: no-duplicates');
    assert.ok(at > 0, 'the bundled lab has the check no-duplicates');
    lines.splice(at + 1, 0, `    mistake: ${tag}`);
    writeFileSync(file, lines.join('\n'));
    const cat = await loadCatalogue(labs);
    return { cat, line: at + 2, file, problems: cat.labs.length ? lintRules(cat.labs[0]) : [] };
  }

  it('a mistake tag of the list loads and lints clean, and the check carries it', async () => {
    const { cat, problems } = await withTag('missing-dedup');
    assert.deepEqual(cat.problems, []);
    assert.equal(cat.labs[0].lab.checks.find((c) => c.id === 'no-duplicates')?.mistake, 'missing-dedup');
    assert.deepEqual(problems, []);
  });

  it('an unknown tag is a lint problem at its line:col, with the closest tag and the list of mistake tags', async () => {
    const { cat, problems, line, file } = await withTag('missing-dedupe');
    assert.deepEqual(cat.problems, [], 'the schema takes any kebab-case tag; the list is checked by lint');
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(p.where, `${file}:${line}:14`);
    assert.equal(p.message, 'checks[1].mistake: unknown mistake tag "missing-dedupe"');
    assert.match(p.hint, /^Did you mean "missing-dedup"\? Mistake tags \(src\/core\/progress\/tags\.ts\): /);
    for (const t of TAGS) {
      if (t.kind === 'mistake') assert.ok(p.hint.includes(t.tag), `the hint lists ${t.tag}`);
      else assert.ok(!p.hint.includes(` ${t.tag}`), `the hint leaves out the general tag ${t.tag}`);
    }
    for (const seed of ['command-disguised-as-event', 'missing-dedup', 'dual-write', 'retry-without-backoff', 'unbounded-retries']) assert.ok(p.hint.includes(seed));
  });

  it('a general tag is not a mistake', async () => {
    const { problems } = await withTag('observation');
    assert.deepEqual(problems.map((p) => p.message), ['checks[1].mistake: "observation" is a general tag, not a mistake tag']);
  });

  it('docs/progress.md lists every tag of the one list with its kind and meaning', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/progress.md'), 'utf8');
    for (const t of TAGS) assert.ok(doc.includes(`| \`${t.tag}\` | ${t.kind} | ${t.meaning} |`), `docs/progress.md: the row of ${t.tag}`);
    const rows = doc.match(/^\| `[a-z0-9-]+` \| (mistake|general) \|/gm) ?? [];
    assert.equal(rows.length, TAGS.length, 'no row for a tag that is not on the list');
  });

  it('a tag that is not kebab-case is a schema problem', async () => {
    const { cat } = await withTag('"Missing Dedup"');
    assert.equal(cat.labs.length, 0);
    assert.match(cat.problems.map((p) => p.message).join('\n'), /checks\[1\]\.mistake has the wrong form/);
  });
});
