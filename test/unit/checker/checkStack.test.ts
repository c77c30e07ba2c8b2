// The stack a check runs (checker/checkStack.ts): the lab's own files, only the learner's files and settings
// from the copy, and every other change named with what the check used instead. No engine: files only.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { assembleCheckStack, QUIET_FILE, QUIET_INTERVAL, SETTINGS_FILE } from '../../../src/core/checker/checkStack';
import { evaluateConstraints } from '../../../src/core/checker/constraints';
import type { Lab, LabEntry } from '../../../src/core/labs/types';
import { labCopyDir } from '../../../src/core/workspace/paths';
import { copyLabFiles } from '../../../src/core/workspace/labFiles';
import { FakeEngine } from '../../support/fakeEngine';

const COMPOSE = `services:
  worker:
    build: ./services/worker
    environment:
      WORKER_CONCURRENCY: "4"
      PROVIDER_URL: http://provider:8081
    deploy:
      replicas: 1
  provider:
    build: ./services/provider
    ports: ["127.0.0.1:18081:8081"]
`;

const FILES: Record<string, string> = {
  'compose.yaml': COMPOSE,
  'prometheus.yml': 'scrape_configs: [{ job_name: provider, static_configs: [{ targets: ["provider:8081"] }] }]\n',
  'services/worker/src/index.js': "require('./retry');\n",
  'services/worker/src/retry.js': 'module.exports = { run: 1 };\n',
  'services/worker/src/queue.js': '// the queue\n',
  'services/provider/src/index.js': 'const duplicates = count();\n',
  'solution/services/worker/src/retry.js': 'module.exports = { run: 2 };\n',
};

const lab = {
  id: 'demo',
  learnerFiles: ['services/worker/src/*.js', '!services/worker/src/index.js', '!services/worker/src/queue.js'],
  learnerSettings: [{ service: 'worker', env: ['BREAKER_*'] }],
  constraints: [
    { service: 'worker', replicas: 1 },
    { service: 'worker', env: 'WORKER_CONCURRENCY', unchanged: true },
  ],
} as unknown as Lab;

describe('checker/checkStack: what a check runs', () => {
  let root: string;
  let entry: LabEntry;
  let ws: string;
  const env = () => ({ BREAKFIX_CACHE_DIR: join(root, 'cache') });
  const write = (base: string, rel: string, text: string) => {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), text);
  };
  const copy = (rel: string) => join(labCopyDir(ws, 'demo'), rel);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bf-checkstack-'));
    const dir = join(root, 'bundle', 'demo');
    for (const [rel, text] of Object.entries(FILES)) write(dir, rel, text);
    entry = { lab, dir, composeFile: join(dir, 'compose.yaml'), readme: join(dir, 'README.md') };
    ws = join(root, 'ws');
    copyLabFiles(dir, labCopyDir(ws, 'demo'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a started lab: the learner files (a new one included) from the copy, every other file from the lab, each other change named', () => {
    writeFileSync(copy('services/worker/src/retry.js'), 'module.exports = { run: "mine" };\n');
    writeFileSync(copy('services/worker/src/breaker.js'), '// my breaker\n');
    writeFileSync(copy('services/worker/src/index.js'), '// tampered worker metrics\n');
    writeFileSync(copy('services/provider/src/index.js'), 'const duplicates = 0;\n');
    writeFileSync(copy('prometheus.yml'), 'scrape_configs: []\n');
    write(labCopyDir(ws, 'demo'), 'services/provider/src/fake.js', '// mine\n');
    unlinkSync(copy('services/worker/src/queue.js'));

    const s = assembleCheckStack(entry, ws, env());
    assert.ok(!s.dir.startsWith(ws), `outside the workspace: ${s.dir}`);
    assert.equal(s.learnerDir, labCopyDir(ws, 'demo'));
    assert.deepEqual(s.learnerFiles, ['services/worker/src/breaker.js', 'services/worker/src/retry.js']);
    const ran = (rel: string) => readFileSync(join(s.dir, rel), 'utf8');
    assert.equal(ran('services/worker/src/retry.js'), 'module.exports = { run: "mine" };\n');
    assert.equal(ran('services/worker/src/breaker.js'), '// my breaker\n');
    assert.equal(ran('services/worker/src/index.js'), FILES['services/worker/src/index.js'], "the lab's index.js");
    assert.equal(ran('services/worker/src/queue.js'), FILES['services/worker/src/queue.js'], 'a deleted instrument comes from the lab');
    assert.equal(ran('services/provider/src/index.js'), FILES['services/provider/src/index.js']);
    assert.equal(ran('prometheus.yml'), FILES['prometheus.yml']);
    assert.ok(!existsSync(join(s.dir, 'services/provider/src/fake.js')), 'an added file outside learnerFiles is not run');
    assert.ok(!existsSync(join(s.dir, 'solution')), 'the solution never reaches a check');

    const byFile = Object.fromEntries(s.ignored.map((c) => [c.file, `${c.change}: ${c.detail}`]));
    assert.deepEqual(Object.keys(byFile).sort(), ['prometheus.yml', 'services/provider/src/fake.js', 'services/provider/src/index.js', 'services/worker/src/index.js', 'services/worker/src/queue.js']);
    assert.match(byFile['services/provider/src/index.js'], /^changed: differs from the lab's: the check used the lab's provider$/);
    assert.match(byFile['services/worker/src/index.js'], /the check used the lab's worker/);
    assert.match(byFile['prometheus.yml'], /the lab's Prometheus configuration/);
    assert.match(byFile['services/worker/src/queue.js'], /^deleted: /);
    assert.match(byFile['services/provider/src/fake.js'], /^added: .*did not run it/);
  });

  it('compose.yaml: a learner setting is applied through an override; any other change is named, and constraints fail on it', async () => {
    const doc = parse(COMPOSE) as { services: Record<string, Record<string, unknown>> };
    doc.services.worker.environment = { WORKER_CONCURRENCY: '16', PROVIDER_URL: 'http://me:1', BREAKER_OPEN_MS: '500' };
    doc.services.worker.deploy = { replicas: 3 };
    doc.services.helper = { image: 'x' };
    writeFileSync(copy('compose.yaml'), JSON.stringify(doc));

    const s = assembleCheckStack(entry, ws, env());
    assert.deepEqual(s.settings, [{ service: 'worker', env: 'BREAKER_OPEN_MS', value: '500' }]);
    assert.deepEqual(s.overrides, [join(s.dir, SETTINGS_FILE)]);
    assert.deepEqual(parse(readFileSync(s.overrides[0], 'utf8')), { services: { worker: { environment: { BREAKER_OPEN_MS: '500' } } } });
    assert.equal(readFileSync(join(s.dir, 'compose.yaml'), 'utf8'), COMPOSE, "the lab's compose.yaml runs");
    const details = s.ignored.filter((c) => c.file === 'compose.yaml').map((c) => c.detail);
    assert.ok(details.some((d) => /adds service "helper".*constraint-services fails/.test(d)), details.join('\n'));
    assert.ok(details.some((d) => /services\.worker: 3 replicas instead of 1: the check ran the lab's 1 \(constraint-worker-replicas fails\)/.test(d)), details.join('\n'));
    assert.ok(details.some((d) => /WORKER_CONCURRENCY "4" → "16".*constraint-worker-env-WORKER_CONCURRENCY fails/.test(d)), details.join('\n'));
    assert.ok(details.some((d) => /PROVIDER_URL .*the check ran the lab's value$/.test(d)), details.join('\n'));
    assert.ok(!details.some((d) => /BREAKER_OPEN_MS/.test(d)), 'an allowed setting is applied, not ignored');

    // The containers ran the lab's values; the constraints still fail on the learner's compose.yaml.
    const engine = new FakeEngine({ project: 'breakfix-demo' });
    engine.addContainer({ service: 'worker', env: ['WORKER_CONCURRENCY=4'] });
    const statuses = await engine.projectContainers('breakfix-demo');
    const results = Object.fromEntries((await evaluateConstraints(entry, statuses, engine, undefined, s.learnerCompose)).map((r) => [r.id, r]));
    assert.equal(results['constraint-worker-replicas'].pass, false);
    assert.equal(results['constraint-worker-replicas'].measured, 3);
    assert.match(results['constraint-worker-replicas'].note ?? '', /asks for 3; the check ran 1/);
    assert.equal(results['constraint-worker-env-WORKER_CONCURRENCY'].measured, '16');
    assert.equal(results['constraint-services'].pass, false);

    // Put back: the override goes, the constraints pass.
    writeFileSync(copy('compose.yaml'), COMPOSE);
    const again = assembleCheckStack(entry, ws, env());
    assert.deepEqual(again.overrides, []);
    assert.ok(!existsSync(join(again.dir, SETTINGS_FILE)));
    assert.ok((await evaluateConstraints(entry, statuses, engine, undefined, again.learnerCompose)).every((r) => r.pass));
  });

  it('a lab that is not started runs the bundle as it is, with nothing to name', () => {
    rmSync(join(ws, 'labs'), { recursive: true, force: true });
    const s = assembleCheckStack(entry, ws, env());
    assert.equal(s.learnerDir, entry.dir);
    assert.deepEqual(s.ignored, []);
    assert.equal(readFileSync(join(s.dir, 'services/worker/src/retry.js'), 'utf8'), FILES['services/worker/src/retry.js']);
    assert.ok(!existsSync(join(s.dir, QUIET_FILE)), 'no healthcheck in the lab: no override for them');
  });

  it("the lab's healthchecks run every QUIET_INTERVAL in a check (an override first), whatever the learner's compose.yaml says", () => {
    const hc = (port: number) => ({ test: ['CMD', 'wget', '-qO-', `http://127.0.0.1:${port}/healthz`], interval: '1s', timeout: '3s', retries: 120 });
    const doc = parse(COMPOSE) as { services: Record<string, Record<string, unknown>> };
    doc.services.worker.healthcheck = hc(8082);
    doc.services.provider.healthcheck = { disable: true };
    writeFileSync(entry.composeFile, JSON.stringify(doc));
    doc.services.worker.healthcheck = { ...hc(8082), interval: '100ms' };
    doc.services.worker.environment = { ...(doc.services.worker.environment as object), BREAKER_OPEN_MS: '500' };
    writeFileSync(copy('compose.yaml'), JSON.stringify(doc));

    const s = assembleCheckStack(entry, ws, env());
    assert.deepEqual(s.overrides, [join(s.dir, QUIET_FILE), join(s.dir, SETTINGS_FILE)], 'the quiet override, then the learner settings');
    // 1 s × 120 retries in the lab: 2 min until "unhealthy", so 24 retries at 5 s.
    assert.deepEqual(parse(readFileSync(s.overrides[0], 'utf8')), { services: { worker: { healthcheck: { interval: QUIET_INTERVAL, retries: 24 } } } }, 'a disabled healthcheck stays disabled');
    assert.match(s.ignored.map((c) => c.detail).join('\n'), /services\.worker: healthcheck differs: the check used the lab's/);
    // Assembled again: the generated files are kept, not deleted as files the lab does not have.
    assert.deepEqual(assembleCheckStack(entry, ws, env()).overrides, s.overrides);
    assert.ok(existsSync(s.overrides[0]) && existsSync(s.overrides[1]));
  });

  it("the quiet override starts the scenario's load service without waiting for Docker to call its targets healthy; nothing else changes", () => {
    const doc = parse(COMPOSE) as { services: Record<string, Record<string, unknown>> };
    doc.services.worker.healthcheck = { test: ['CMD', 'true'], interval: '1s', retries: 10 };
    doc.services.worker.depends_on = { provider: { condition: 'service_healthy' } };
    doc.services.load = { build: './services/load', depends_on: { worker: { condition: 'service_healthy' }, provider: { condition: 'service_started' } } };
    writeFileSync(entry.composeFile, JSON.stringify(doc));
    const withLoad = { ...entry, lab: { ...lab, scenario: { load: { service: 'load', port: 8089, requests: 10, rate: 10 } } } as unknown as Lab };
    const s = assembleCheckStack(withLoad, ws, env());
    assert.deepEqual(
      parse(readFileSync(join(s.dir, QUIET_FILE), 'utf8')),
      { services: { worker: { healthcheck: { interval: QUIET_INTERVAL, retries: 2 } }, load: { depends_on: { worker: { condition: 'service_started' } } } } },
      "only the load service's service_healthy dependencies; the worker still waits for a healthy provider",
    );
    // A lab with no scenario: the healthchecks alone.
    assert.deepEqual(Object.keys((parse(readFileSync(join(assembleCheckStack(entry, ws, env()).dir, QUIET_FILE), 'utf8')) as { services: object }).services), ['worker']);
  });

  it("the quiet override keeps each healthcheck's time to \"unhealthy\": Docker's defaults (30 s × 3), or none it cannot read", () => {
    const doc = parse(COMPOSE) as { services: Record<string, Record<string, unknown>> };
    doc.services.worker.healthcheck = { test: ['CMD', 'true'] };
    doc.services.provider.healthcheck = { test: ['CMD', 'true'], interval: '1m30s', retries: 2 };
    writeFileSync(entry.composeFile, JSON.stringify(doc));
    const s = assembleCheckStack(entry, ws, env());
    assert.deepEqual(parse(readFileSync(join(s.dir, QUIET_FILE), 'utf8')), {
      services: { worker: { healthcheck: { interval: QUIET_INTERVAL, retries: 18 } }, provider: { healthcheck: { interval: QUIET_INTERVAL } } },
    });
  });
});
