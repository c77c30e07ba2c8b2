// Issue 14, item 3: numbers that are not numbers fail lint. Ajv ran with strict: false, which also turned off
// its finite-number check, so `.nan`, `.inf` and `1e400` passed as thresholds, rates and replicas.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLab } from '../../../src/core/labs/validate';

const dir = resolve(__dirname, '../../fixtures/labs/tiny-queue');
const file = join(dir, 'lab.yaml');
const text = readFileSync(file, 'utf8');

describe('lab.yaml: numbers must be finite', () => {
  const cases: [string, string, string, RegExp][] = [
    ['threshold: 1 ', 'threshold: .nan ', 'checks[0].threshold', /not \.nan \(not a finite number\)/],
    ['threshold: 1 ', 'threshold: -.inf ', 'checks[0].threshold', /not -\.inf \(not a finite number\)/],
    ['threshold: 1 ', 'threshold: 1e400 ', 'checks[0].threshold', /not 1e400 \(not a finite number: beyond 1\.8e308\)/],
    ['replicas: 1 ', 'replicas: .inf ', 'constraints[0].replicas', /must be an integer, not \.inf/],
  ];
  for (const [from, to, field, detail] of cases) {
    it(`${to.trim()} is a problem at its position, naming ${field} and a finite example`, () => {
      assert.ok(text.includes(from), `the fixture has "${from}"`);
      const line = text.slice(0, text.indexOf(from)).split('\n').length;
      const r = parseLab(text.replace(from, to), file, dir);
      assert.equal(r.ok, false, `${to} passed`);
      const p = (r as { problems: { where: string; message: string; hint: string }[] }).problems.find((x) => x.message.startsWith(field));
      assert.ok(p, JSON.stringify(r));
      assert.match(p.where, new RegExp(`lab\\.yaml:${line}:\\d+$`));
      assert.match(p.message, detail);
      assert.match(p.hint, field.endsWith('replicas') ? /finite, e\.g\. 5 \(/ : /finite, e\.g\. 5 or 0\.15/);
      // Only the branch of a oneOf the author meant: a replicas constraint, not an env one missing its keys.
      const problems = (r as { problems: unknown[] }).problems;
      assert.equal(problems.length, 1, JSON.stringify(problems));
    });
  }
  it('the scenario load: requests and rate .inf are problems too', () => {
    const bundled = resolve(__dirname, '../../../labs/notification-retry-storm');
    const lab = readFileSync(join(bundled, 'lab.yaml'), 'utf8');
    for (const [from, to] of [['requests: 3250', 'requests: .inf'], ['rate: 250 }', 'rate: .inf }']]) {
      assert.ok(lab.includes(from), from);
      const r = parseLab(lab.replace(from, to), join(bundled, 'lab.yaml'), bundled);
      assert.equal(r.ok, false, `${to} passed`);
    }
  });
});
