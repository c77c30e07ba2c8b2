// lab.yaml `cost` (issue 19): a valid model loads; a bad price, a line measured two ways or none, a missing
// source or an unknown key is a lint problem at its position that names the field.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLab } from '../../../src/core/labs/validate';

const dir = resolve(__dirname, '../../../labs/notification-retry-storm');
const file = join(dir, 'lab.yaml');
// The bundled lab's own cost model goes: each test adds its own.
const lab = readFileSync(file, 'utf8').replace(/\ncost:\n(?:[ #].*\n)*/, '\n');

const cost = (item: string) => `
cost:
  currency: USD
  events: { title: notifications accepted, query: 'sum(increase(api_notifications_total[$__run]))' }
  items:
    - { id: provider-calls, title: Provider calls, price: 0.0009, unit: call, source: a transactional email API per email, query: 'sum(increase(provider_requests_total[$__run]))' }
${item}
`;

type Parsed = { ok: boolean; lab?: { cost?: { items: { id: string }[] } }; problems?: { where: string; message: string }[] };
const parse = (text: string) => parseLab(lab + text, file, dir) as unknown as Parsed;

describe('lab.yaml: the cost model', () => {
  it('a model with PromQL and probe lines loads', () => {
    const r = parse(cost("    - { id: db-writes, title: Database writes, price: 0.00000125, unit: write, source: a serverless database per write, probe: { service: api, port: 8080, path: /admin/stats }, path: writes }"));
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    assert.deepEqual(r.lab?.cost?.items.map((i) => i.id), ['provider-calls', 'db-writes']);
  });

  const bad: [string, string, RegExp][] = [
    ['a price of 0', "    - { id: x, title: X, price: 0, unit: op, source: s, query: up }", /price/],
    ['a negative price', "    - { id: x, title: X, price: -1, unit: op, source: s, query: up }", /price/],
    ['no source', "    - { id: x, title: X, price: 1, unit: op, query: up }", /source/],
    ['both a query and a probe', "    - { id: x, title: X, price: 1, unit: op, source: s, query: up, probe: { service: api, port: 8080, path: /s }, path: n }", /cost\.items\[1\] is measured two ways/],
    ['no measure at all', "    - { id: x, title: X, price: 1, unit: op, source: s }", /cost\.items\[1\] has no measure/],
    ['an unknown key', "    - { id: x, title: X, price: 1, unit: op, source: s, query: up, perMonth: true }", /perMonth/],
  ];
  for (const [what, item, field] of bad) {
    it(`${what} is a problem at the line, naming the field`, () => {
      const r = parse(cost(item));
      assert.equal(r.ok, false, `${what} passed`);
      const line = (lab + cost(item)).split('\n').findIndex((l) => l === item) + 1;
      const p = r.problems!.find((x) => field.test(x.message));
      assert.ok(p, JSON.stringify(r.problems));
      assert.match(p.where, new RegExp(`lab\\.yaml:${line}:\\d+$`));
    });
  }
});
