import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { filterLabs, loadCatalogue } from '../../../src/core/labs/catalogue';
import { parseLab } from '../../../src/core/labs/validate';

const fixtures = resolve(__dirname, '../../fixtures/labs');

describe('lab catalogue', () => {
  it('loads valid labs and keeps loading when others are broken', async () => {
    const cat = await loadCatalogue(fixtures);
    assert.deepEqual(cat.labs.map((l) => l.lab.id), ['tiny-queue']);
    assert.deepEqual([...new Set(cat.problems.map((p) => p.labDir.split('/').pop()))].sort(), ['typo-key', 'wrong-type']);
  });

  it('names file:line:col, the unknown key and the likely fix for a typo', async () => {
    const { problems } = await loadCatalogue(fixtures);
    const typo = problems.find((p) => p.message.includes('sumary'));
    assert.ok(typo, JSON.stringify(problems));
    assert.equal(typo.where, `${join(fixtures, 'typo-key', 'lab.yaml')}:6:1`);
    assert.match(typo.message, /unknown key "sumary"/);
    assert.equal(typo.hint, 'Did you mean "summary"?');
  });

  it('names the position and expected type of a wrong-typed value', async () => {
    const { problems } = await loadCatalogue(fixtures);
    const wrong = problems.find((p) => p.labDir.endsWith('wrong-type'));
    assert.ok(wrong);
    assert.equal(wrong.where, `${join(fixtures, 'wrong-type', 'lab.yaml')}:19:93`);
    assert.equal(wrong.message, 'checks[0].threshold must be a number, not string "one"');
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseLab('format: 1\nid: [unclosed\n', 'lab.yaml', '/x');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problems[0].where, /^lab\.yaml:\d+:\d+$/);
  });

  it('rejects an unknown fault kind with a hint listing the kinds', () => {
    const text = `format: 1
id: x
title: Xxx
level: beginner
domains: [a]
summary: Summary of x.
learnerFiles: [src/x.js]
panels: []
faults:
  - { id: f, title: F, kind: laser, verify: { container: a, state: exited } }
checks: []
hints: []
constraints: []
`;
    const r = parseLab(text, 'lab.yaml', '/x');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.problems[0].where, 'lab.yaml:10:5');
      assert.match(r.problems[0].hint, /http, container, network/);
    }
  });

  it('flags a lab whose learner file does not exist, and still loads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-'));
    cpSync(join(fixtures, 'tiny-queue'), join(dir, 'tiny-queue'), { recursive: true });
    cpSync(join(fixtures, 'tiny-queue'), join(dir, 'missing-file'), { recursive: true });
    const yaml = join(dir, 'missing-file', 'lab.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('id: tiny-queue', 'id: missing-file').replace('[README.md]', '[src/missing.js]'));
    const cat = await loadCatalogue(dir);
    assert.deepEqual(cat.labs.map((l) => l.lab.id), ['tiny-queue']);
    assert.equal(cat.problems.length, 1);
    assert.equal(cat.problems[0].message, 'learner file "src/missing.js" does not exist');
    // At the pattern itself, not at 1:1 (issue 14).
    const text = readFileSync(yaml, 'utf8');
    const line = text.slice(0, text.indexOf('src/missing.js')).split('\n').length;
    const col = text.split('\n')[line - 1].indexOf('src/missing.js') + 1;
    assert.equal(cat.problems[0].where, `${yaml}:${line}:${col}`);
  });

  it('filters by level and domain', async () => {
    const { labs } = await loadCatalogue(fixtures);
    assert.equal(filterLabs(labs, { level: 'beginner' }).length, 1);
    assert.equal(filterLabs(labs, { level: 'advanced' }).length, 0);
    assert.equal(filterLabs(labs, { domain: 'queues' }).length, 1);
    assert.equal(filterLabs(labs, { domain: 'caching' }).length, 0);
  });

  it('validates every bundled lab', async () => {
    const cat = await loadCatalogue(resolve(__dirname, '../../../labs'));
    assert.deepEqual(cat.problems, []);
    assert.ok(cat.labs.some((l) => l.lab.id === 'notification-retry-storm'));
  });
});
