// lab.yaml `kind: scaling` (issue 19): the schema accepts a scale proof and names what is wrong with a bad
// one; lint names what would stop Compose from scaling the service or Prometheus from seeing every replica.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { parseLab } from '../../../src/core/labs/validate';
import { lintRules } from '../../../src/core/proof/rules';
import { fixedHostPorts, staticScrapeJobs } from '../../../src/core/scaling/lint';

const dir = resolve(__dirname, '../../../labs/poison-message-dlq');
const file = join(dir, 'lab.yaml');
const lab = readFileSync(file, 'utf8');

const SCALING = (fields: string) => `  - id: scales-out
    kind: scaling
    title: Three consumers book orders at least twice as fast as one
${fields}
`;
const GOOD = `    service: consumer
    replicas: [1, 3]
    load: { requests: 600, rate: 200 }
    setup:
      - { service: ledger, port: 8083, path: /admin/faults, method: POST, body: { latencyMs: 50, slowShare: 1 } }
    processed: sum(increase(ledger_orders_booked_total[$__run]))
    timeout: 60s
    op: '>='
    threshold: 2
    unit: ratio`;

type Parsed = { ok: boolean; lab?: { checks: { id: string; kind: string; replicas?: number[] }[] }; problems?: { where: string; message: string; hint: string }[] };
/** The lab with one more check, inserted at the end of `checks:`. */
const withCheck = (check: string) => lab.replace('\nconstraints:\n', `\n${check}constraints:\n`);
const parse = (check: string) => parseLab(withCheck(check), file, dir) as unknown as Parsed;

describe('lab.yaml: a scaling check', () => {
  it('a scale proof loads with its replicas, load, setup, processed and timeout', () => {
    const r = parse(SCALING(GOOD));
    assert.equal(r.ok, true, JSON.stringify(r.problems));
    const c = r.lab!.checks.at(-1)!;
    assert.deepEqual([c.id, c.kind, c.replicas], ['scales-out', 'scaling', [1, 3]]);
  });

  it('load, setup and until are optional', () => {
    const minimal = GOOD.split('\n').filter((l) => !/load:|setup:|latencyMs/.test(l)).join('\n');
    assert.equal(parse(SCALING(minimal)).ok, true);
  });

  const bad: [string, string, RegExp][] = [
    ['one replica count', GOOD.replace('[1, 3]', '[3]'), /replicas/],
    ['three replica counts', GOOD.replace('[1, 3]', '[1, 2, 3]'), /replicas/],
    ['zero replicas', GOOD.replace('[1, 3]', '[0, 3]'), /replicas\[0\]/],
    ['more than 8 replicas', GOOD.replace('[1, 3]', '[1, 20]'), /replicas\[1\]/],
    ['a fractional count', GOOD.replace('[1, 3]', '[1, 2.5]'), /replicas\[1\] must be an integer/],
    ['no processed query', GOOD.replace(/\n {4}processed: .*/, ''), /missing required key "processed"/],
    ['no timeout', GOOD.replace(/\n {4}timeout: .*/, ''), /missing required key "timeout"/],
    ['a bad timeout', GOOD.replace('60s', 'a minute'), /timeout has the wrong form/],
    ['a load without a rate', GOOD.replace('load: { requests: 600, rate: 200 }', 'load: { requests: 600 }'), /missing required key "rate"/],
    ['an unknown key', `${GOOD}\n    replica: 3`, /unknown key "replica"/],
  ];
  for (const [what, fields, expected] of bad) {
    it(`${what} is a problem at its position`, () => {
      const r = parse(SCALING(fields));
      assert.equal(r.ok, false, what);
      assert.ok(r.problems!.some((p) => expected.test(p.message) && /lab\.yaml:\d+:\d+$/.test(p.where)), JSON.stringify(r.problems));
    });
  }

  it('an unknown kind names scaling among the kinds', () => {
    const r = parse(SCALING(GOOD).replace('kind: scaling', 'kind: scale'));
    assert.equal(r.ok, false);
    assert.ok(r.problems!.some((p) => /promql, probe, scaling/.test(p.hint) || /scaling/.test(p.hint)), JSON.stringify(r.problems));
  });
});

describe('lint: scaling checks', () => {
  let labs: string;
  const COMPOSE = (consumer: string) => `services:
  consumer:
    image: c
${consumer}
  ledger:
    image: l
    ports: ["127.0.0.1:18083:8083"]
  load:
    image: x
    ports: ["127.0.0.1:18089:8089"]
`;
  const LAB = (check: string, constraints = '  - { service: consumer, replicas: 1 }') => `format: 1
id: demo
title: Demo lab
level: beginner
domains: [queues]
summary: A lab for the scaling lint tests.
learnerFiles: [README.md]
panels: []
faults: []
scenario:
  load: { service: load, port: 8089, requests: 10, rate: 1 }
  timeline: []
  drain: { until: "x == 0", timeout: 10s }
checks:
${check}hints: []
constraints:
${constraints}
`;
  beforeEach(() => {
    labs = mkdtempSync(join(tmpdir(), 'bf-scaling-'));
    mkdirSync(join(labs, 'demo'));
    writeFileSync(join(labs, 'demo', 'README.md'), '# Demo\n');
  });
  afterEach(() => rmSync(labs, { recursive: true, force: true }));

  async function problems(opts: { consumer?: string; prometheus?: string; check?: string; constraints?: string } = {}) {
    writeFileSync(join(labs, 'demo', 'compose.yaml'), COMPOSE(opts.consumer ?? '    ports: ["127.0.0.1::8082"]'));
    writeFileSync(join(labs, 'demo', 'prometheus.yml'), opts.prometheus ?? 'scrape_configs:\n  - job_name: consumer\n    dns_sd_configs: [{ names: [consumer], type: A, port: 8082 }]\n');
    writeFileSync(join(labs, 'demo', 'lab.yaml'), LAB(opts.check ?? SCALING(GOOD), opts.constraints));
    const cat = await loadCatalogue(labs);
    assert.deepEqual(cat.problems, [], 'the fixture is schema-valid');
    return lintRules(cat.labs[0]).map((p) => `${p.where.replace(labs, '')}: ${p.message}`);
  }

  it('a well-formed scale proof has no problem: the checker runs it', async () => {
    assert.deepEqual(await problems(), []);
  });

  it('names a fixed host port, a container_name, a static scrape, a missing replicas constraint', async () => {
    const found = await problems({
      consumer: '    container_name: the-consumer\n    ports: ["127.0.0.1:38082:8082"]',
      prometheus: 'scrape_configs:\n  - job_name: consumer\n    static_configs:\n      - targets: ["consumer:8082"]\n',
      constraints: '  - { service: ledger, replicas: 1 }',
    });
    const messages = found.map((f) => f.replace(/^[^ ]+ /, ''));
    for (const expected of [
      /service "consumer" publishes a fixed host port \(127\.0\.0\.1:38082:8082\), so a second replica cannot start/,
      /service "consumer" has a container_name, so Compose cannot scale it/,
      /prometheus\.yml scrapes "consumer" through static targets \(job consumer\), which reach one replica only/,
      /no constraint locks the replicas of "consumer"/,
    ]) assert.ok(messages.some((m) => expected.test(m)), `${expected} in ${JSON.stringify(found, null, 1)}`);
  });

  it('names an unknown service, a setup target that is not published, and a timeout shorter than the load', async () => {
    const found = await problems({
      check: SCALING(GOOD.replace('port: 8083', 'port: 9999').replace('60s', '2s')),
    });
    assert.ok(found.some((f) => /checks\[0\]\.setup\[0\]\.port: service "ledger" does not publish container port 9999/.test(f)), JSON.stringify(found));
    assert.ok(found.some((f) => /timeout \(2s\) ends before its load does/.test(f)), JSON.stringify(found));
    const ghost = await problems({ check: SCALING(GOOD.replace('service: consumer', 'service: ghost')) });
    assert.ok(ghost.some((f) => /checks\[0\]\.service: service "ghost" is not in compose\.yaml/.test(f)), JSON.stringify(ghost));
  });

  it('fixed host ports: a host port is fixed, a container-only or ephemeral one is not', () => {
    assert.deepEqual(fixedHostPorts(['8082', '127.0.0.1::8082', '38082:8082', '127.0.0.1:38082:8082/tcp', { target: 8082 }, { target: 8082, published: 38082 }]), ['38082:8082', '127.0.0.1:38082:8082/tcp', '38082']);
    assert.deepEqual(fixedHostPorts(undefined), []);
  });

  it('static scrape jobs: only the jobs whose static targets name the service', () => {
    const text = 'scrape_configs:\n  - job_name: a\n    static_configs: [{ targets: ["consumer:8082", "x:1"] }]\n  - job_name: b\n    static_configs: [{ targets: ["consumer-two:8082"] }]\n';
    assert.deepEqual(staticScrapeJobs(text, 'consumer'), ['a']);
    assert.deepEqual(staticScrapeJobs('{{', 'consumer'), []);
  });
});
