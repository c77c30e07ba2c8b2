import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { lintRules } from '../../../src/core/proof/rules';
import { applyMutantPatch, PatchError } from '../../../src/core/labs/patch';
import { judge, proofCases } from '../../../src/core/proof/prove';
import { solutionFiles, solutionTexts } from '../../../src/core/solution';

const COMPOSE = `services:
  provider:
    image: x
    ports: ["127.0.0.1:18081:8081"]
  load:
    image: y
    ports: ["127.0.0.1:18089:8089"]
`;

const LAB = (extra: string) => `format: 1
id: demo
title: Demo lab
level: beginner
domains: [queues]
summary: A lab for the lint rule tests.
learnerFiles: [README.md]
panels: []
faults:
  - id: outage
    title: Outage
    kind: http
    inject: { service: provider, port: 8081, method: POST, path: /admin/faults }
    revert: { service: provider, port: 9999, method: DELETE, path: /admin/faults }
    verify: { probe: { service: provider, port: 8081, path: /admin/faults }, expect: { path: outage, equals: true } }
scenario:
  load: { service: load, port: 8089, requests: 10, rate: 1 }
  timeline:
    - { at: 0s, fault: outage }
    - { at: 1s, fault: outgae }
  drain: { until: "x == 0", timeout: 10s }
checks:
  - { id: calls, title: Calls, kind: promql, query: "x[$__window]", window: { fault: nope }, op: "<", threshold: 1 }
  - { id: dups, title: Dups, kind: probe, probe: { service: ghost, port: 8081, path: /s }, path: duplicates, op: "==", threshold: 0 }
hints: []
constraints:
  - { service: provider, replicas: 1 }
${extra}`;

/** The demo lab's solution: the learner file README.md, changed on its one line. */
const FIX_PATCH = `--- a/README.md
+++ b/README.md
@@ -1 +1 @@
-# Demo
+# Demo, fixed
`;
/** A mutant of the demo lab, against the solution. */
const README_PATCH = `--- a/README.md
+++ b/README.md
@@ -1 +1 @@
-# Demo, fixed
+# Demo, with a mistake
`;
const COMPOSE_PATCH = `--- a/compose.yaml
+++ b/compose.yaml
@@ -1,3 +1,3 @@
 services:
   provider:
-    image: x
+    image: z
`;

describe('lint rules (static)', () => {
  let labs: string;
  beforeEach(() => {
    labs = mkdtempSync(join(tmpdir(), 'bf-lint-'));
    mkdirSync(join(labs, 'demo'));
    writeFileSync(join(labs, 'demo', 'compose.yaml'), COMPOSE);
    writeFileSync(join(labs, 'demo', 'README.md'), '# Demo\n');
  });
  afterEach(() => rmSync(labs, { recursive: true, force: true }));

  async function problems(extra = '') {
    writeFileSync(join(labs, 'demo', 'lab.yaml'), LAB(extra));
    const cat = await loadCatalogue(labs);
    assert.deepEqual(cat.problems, [], 'the fixture is schema-valid');
    return lintRules(cat.labs[0]).map((p) => `${p.where.replace(labs, '')}: ${p.message}`);
  }

  it('reports unknown timeline/window faults, unknown services and unpublished ports, with line:col', async () => {
    const found = await problems();
    assert.deepEqual(found, [
      '/demo/lab.yaml:14:40: faults[0].revert.port: service "provider" does not publish container port 9999',
      '/demo/lab.yaml:20:24: scenario.timeline[1].fault: unknown fault "outgae"',
      '/demo/lab.yaml:23:86: checks[0].window.fault: unknown fault "nope"',
      '/demo/lab.yaml:24:61: checks[1].probe.service: service "ghost" is not in compose.yaml',
    ]);
  });

  it('issue 14: services named by container/network verifies, reset.restart and constraints exist; ids are unique', async () => {
    const lab = LAB(`proof:\n  baselineFails: [calls]\n  mutants:\n    - { id: m1, patch: mutants/m1.patch, fails: [dups], description: the demo mistake that a check must catch }\n    - { id: m1, patch: mutants/m1.patch, fails: [calls], description: the demo mistake that a check must catch }\n`)
      .replace('panels: []', 'panels:\n  - { id: p, title: P, query: x, unit: count }\n  - { id: p, title: P again, query: y, unit: count }')
      .replace(
        'scenario:\n',
        `  - { id: outage, title: Again, kind: container, service: provider, action: pause, revert: { action: unpause }, verify: { container: ghost, state: paused } }
  - { id: cut, title: Cut, kind: network, service: provider, action: disconnect, revert: { action: connect }, verify: { network: phantom, connected: false } }
scenario:
  reset: { restart: [worker] }
`,
      )
      .replace('  - { service: provider, replicas: 1 }', '  - { service: provider, replicas: 1 }\n  - { service: api, env: MAX, unchanged: true }')
      .replace("  - { id: dups,", "  - { id: calls,");
    writeFileSync(join(labs, 'demo', 'lab.yaml'), lab);
    const cat = await loadCatalogue(labs);
    assert.deepEqual(cat.problems, [], 'the fixture is schema-valid');
    const found = lintRules(cat.labs[0]).map((p) => `${p.where.replace(labs, '')}: ${p.message}`);
    for (const expected of [
      /^\/demo\/lab\.yaml:\d+:\d+: faults\[1\]\.id: fault id "outage" is used twice$/,
      /^\/demo\/lab\.yaml:\d+:\d+: checks\[1\]\.id: check id "calls" is used twice$/,
      /^\/demo\/lab\.yaml:\d+:\d+: panels\[1\]\.id: panel id "p" is used twice$/,
      /^\/demo\/lab\.yaml:\d+:\d+: proof\.mutants\[1\]\.id: mutant id "m1" is used twice$/,
      /^\/demo\/lab\.yaml:\d+:\d+: faults\[1\]\.verify\.container: service "ghost" is not in compose\.yaml$/,
      /^\/demo\/lab\.yaml:\d+:\d+: faults\[2\]\.verify\.network: service "phantom" is not in compose\.yaml$/,
      /^\/demo\/lab\.yaml:\d+:\d+: scenario\.reset\.restart\[0\]: service "worker" is not in compose\.yaml$/,
      /^\/demo\/lab\.yaml:\d+:\d+: constraints\[1\]\.service: service "api" is not in compose\.yaml$/,
    ]) {
      assert.ok(found.some((f) => expected.test(f)), `${expected} in\n${found.join('\n')}`);
    }
    assert.ok(found.every((f) => !/:1:1: /.test(f)), `every problem has its own position:\n${found.join('\n')}`);
  });

  it('issue 14: a port published on every interface is a problem at its line in compose.yaml', async () => {
    writeFileSync(
      join(labs, 'demo', 'compose.yaml'),
      COMPOSE.replace('ports: ["127.0.0.1:18081:8081"]', 'ports:\n      - "18081:8081"\n      - "0.0.0.0:18082:8082"\n      - "8083"\n      - { target: 8084, published: 18084 }\n      - { target: 8081, published: 18085, host_ip: 127.0.0.1 }\n      - "127.0.0.1:18086:8086"'),
    );
    const found = (await problems()).filter((f) => f.startsWith('/demo/compose.yaml'));
    assert.deepEqual(found, [
      '/demo/compose.yaml:5:9: services.provider.ports: "18081:8081" publishes on every interface (0.0.0.0), so other machines can reach the lab',
      '/demo/compose.yaml:6:9: services.provider.ports: "0.0.0.0:18082:8082" publishes on 0.0.0.0, so other machines can reach the lab',
      '/demo/compose.yaml:7:9: services.provider.ports: "8083" publishes on every interface (0.0.0.0), so other machines can reach the lab',
      '/demo/compose.yaml:8:9: services.provider.ports: "this port" publishes on every interface (0.0.0.0), so other machines can reach the lab',
    ]);
  });

  it("issue 20: a Grafana dashboard that lacks a lab.yaml panel, retitles one or adds another is a problem; a lab without Grafana is not", async () => {
    assert.deepEqual(await problems(), (await problems()).filter((p) => !/grafana/.test(p)), 'no dashboard, no grafana service: nothing to compare');
    const lab = LAB('').replace('panels: []', 'panels:\n  - { id: calls, title: Calls, query: "sum(rate(calls_total[15s]))", unit: reqps }\n  - { id: depth, title: Depth, query: max(depth), unit: count }');
    writeFileSync(join(labs, 'demo', 'lab.yaml'), lab);
    mkdirSync(join(labs, 'demo', 'grafana', 'dashboards'), { recursive: true });
    const panel = (title: string, expr: string) => ({ title, targets: [{ expr }] });
    writeFileSync(join(labs, 'demo', 'grafana', 'dashboards', 'demo.json'), JSON.stringify({ uid: 'demo', panels: [panel('Calls per second', 'sum(rate(calls_total[15s]))'), panel('Other', 'max(other)')] }));
    const cat = await loadCatalogue(labs);
    const found = lintRules(cat.labs[0]).map((p) => `${p.message} | ${p.hint}`).filter((p) => /grafana/.test(p));
    assert.deepEqual(found, [
      'panels[1]: panel depth is not in grafana/dashboards/demo.json | Add a Grafana panel titled "Depth" with the same query: Open in Grafana must show what the dashboard shows.',
      'panels[0].title: panel calls is "Calls per second" in grafana/dashboards/demo.json | Give both the same title.',
      "panels: grafana/dashboards/demo.json has a panel \"Other\" that is not in lab.yaml's panels | Add it to panels (the dashboard in VS Code draws them) or remove it from the Grafana dashboard.",
    ]);
  });

  it('an image that declares a volume (redis, postgres, prometheus, grafana) needs a volume of the lab\'s there: an anonymous one outlives `down`', async () => {
    const svc = (name: string, image: string, extra = '') => `  ${name}:\n    image: ${image}\n${extra}`;
    writeFileSync(join(labs, 'demo', 'compose.yaml'), COMPOSE + [
      svc('queue', 'redis:7-alpine'),
      svc('db', 'docker.io/library/postgres:16-alpine', '    volumes:\n      - /var/lib/postgresql/data\n'),
      svc('prometheus', 'prom/prometheus:v2.53.0', '    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro\n'),
      svc('cache', 'redis', '    volumes:\n      - cache-data:/data/\n'),
      svc('grafana', 'grafana/grafana:11.2.0', '    volumes:\n      - { type: volume, source: g, target: /var/lib/grafana }\n'),
      svc('scratch', 'redis:7', '    tmpfs: /data\n'),
      svc('scratch2', 'postgres:16@sha256:abc', '    volumes:\n      - { type: tmpfs, target: /var/lib/postgresql/data }\n'),
    ].join('') + 'volumes:\n  cache-data:\n  g:\n');
    const found = (await problems()).filter((f) => f.startsWith('/demo/compose.yaml'));
    assert.deepEqual(found.map((f) => f.replace(/ and nothing.*/, '')), [
      '/demo/compose.yaml:9:12: services.queue: its image declares a volume at /data',
      '/demo/compose.yaml:11:12: services.db: its image declares a volume at /var/lib/postgresql/data',
      '/demo/compose.yaml:15:12: services.prometheus: its image declares a volume at /prometheus',
    ], 'a bare path is itself anonymous; a named volume, a bind mount or a tmpfs (short or long form) is not');
    const hint = lintRules((await loadCatalogue(labs)).labs[0]).find((p) => /services\.queue:/.test(p.message))?.hint;
    assert.equal(hint, 'Mount a named volume there: "- queue-data:/data" under services.queue.volumes, and "queue-data:" under the top-level volumes.');
  });

  it('a top-level key Compose v1 rejects (name) is a problem at its line; version and x- extensions are not', async () => {
    writeFileSync(join(labs, 'demo', 'compose.yaml'), `version: "3.8"\nname: breakfix-demo\nx-common: &c { restart: "no" }\n${COMPOSE}`);
    const found = (await problems()).filter((f) => f.startsWith('/demo/compose.yaml'));
    assert.deepEqual(found, ['/demo/compose.yaml:2:1: top-level "name": Compose v1 (docker-compose 1.29) rejects the whole file for it']);
  });

  it('proof: check ids must exist (constraints included), and so must the solution patch and each mutant patch', async () => {
    const found = await problems(`proof:
  baselineFails: [calls, constraint-provider-replicas, typo]
  mutants:
    - { id: m1, patch: mutants/m1.patch, fails: [dups, nope], description: the demo mistake that a check must catch }
`);
    const proof = found.filter((f) => f.includes('proof'));
    assert.deepEqual(proof.map((p) => p.replace(/^[^ ]+ /, '')), [
      'proof.baselineFails[2]: unknown check "typo"',
      'proof: patch "solution/fix.patch" does not exist',
      'proof.mutants[0].fails[1]: unknown check "nope"',
      'proof.mutants[0].patch: patch "mutants/m1.patch" does not exist',
    ]);
    mkdirSync(join(labs, 'demo', 'solution'));
    writeFileSync(join(labs, 'demo', 'solution', 'fix.patch'), FIX_PATCH);
    mkdirSync(join(labs, 'demo', 'mutants'));
    writeFileSync(join(labs, 'demo', 'mutants', 'm1.patch'), README_PATCH);
    const again = (await problems(`proof:\n  baselineFails: [calls]\n  mutants:\n    - { id: m1, patch: mutants/m1.patch, fails: [dups], description: the demo mistake that a check must catch }\n`)).filter((f) => f.includes('proof'));
    assert.deepEqual(again, []);
  });

  it('a mutant patch that no longer applies to the solution, or a solution to the baseline, is reported with the file and the hunk', async () => {
    mkdirSync(join(labs, 'demo', 'solution'));
    writeFileSync(join(labs, 'demo', 'solution', 'fix.patch'), FIX_PATCH.replace('# Demo, fixed', '# Demo, mended')); // the solution changed under the mutant
    mkdirSync(join(labs, 'demo', 'mutants'));
    writeFileSync(join(labs, 'demo', 'mutants', 'm1.patch'), README_PATCH);
    const yaml = `proof:\n  baselineFails: [calls]\n  mutants:\n    - { id: m1, patch: mutants/m1.patch, fails: [dups], description: the demo mistake that a check must catch }\n`;
    const found = (await problems(yaml)).filter((f) => f.includes('proof'));
    assert.deepEqual(found.map((p) => p.replace(/^[^ ]+ /, '')), [
      `proof.mutants[0].patch: ${join(labs, 'demo', 'mutants', 'm1.patch')} no longer applies to README.md (hunks at line 1): the solution changed under it. Write the patch again against the solution.`,
    ]);
    writeFileSync(join(labs, 'demo', 'README.md'), '# Demo lab\n'); // the baseline changed under the solution
    const again = (await problems(yaml)).filter((f) => f.includes('proof'));
    assert.equal(again.length, 2, again.join('\n'));
    assert.equal(
      again[0].replace(/^[^ ]+ /, ''),
      `proof: ${join(labs, 'demo', 'solution', 'fix.patch')} no longer applies to README.md (hunks at line 1): the baseline changed under it. Write the patch again against the baseline.`,
    );
    assert.match(again[1], /mutants\/m1\.patch no longer applies to README\.md/);
  });

  it('a solution or mutant that changes a file outside learnerFiles is reported: a check would never run it', async () => {
    for (const [rel, text] of [['solution/README.md', '# ok: the explanation\n'], ['solution/fix.patch', FIX_PATCH + COMPOSE_PATCH.replace('image: z', 'image: w')], ['mutants/m1.patch', COMPOSE_PATCH]]) {
      mkdirSync(join(labs, 'demo', rel, '..'), { recursive: true });
      writeFileSync(join(labs, 'demo', rel), text);
    }
    const found = (await problems(`proof:\n  baselineFails: [calls]\n  mutants:\n    - { id: m1, patch: mutants/m1.patch, fails: [dups], description: the demo mistake that a check must catch }\n`)).filter((f) => /learner file/.test(f));
    assert.deepEqual(found.map((p) => p.replace(/^[^ ]+ /, '')), [
      'proof: solution/fix.patch changes compose.yaml, which is not a learner file, so a check would never run it',
      'proof.mutants[0].patch: mutants/m1.patch changes compose.yaml, which is not a learner file, so a check would never run it',
    ]);
  });

  it('a probe check\'s before actions are schema-valid and their services and ports are checked', async () => {
    const act = `  - id: redrive
    title: Redrive
    kind: probe
    before:
      - { service: provider, port: 8081, method: POST, path: /admin/redrive, body: { set: { qty: 1 } } }
      - { service: ghost, port: 8081, method: POST, path: /x }
    within: 10s
    probe: { service: provider, port: 8081, path: /s }
    path: left
    op: "=="
    threshold: 0
`;
    writeFileSync(join(labs, 'demo', 'lab.yaml'), LAB('').replace('hints: []', `${act}hints: []`));
    const cat = await loadCatalogue(labs);
    assert.deepEqual(cat.problems, [], 'before and within are schema-valid');
    const msgs = lintRules(cat.labs[0]).map((p) => p.message);
    assert.ok(msgs.includes('checks[2].before[1].service: service "ghost" is not in compose.yaml'), msgs.join('\n'));
    assert.ok(!msgs.some((m) => m.startsWith('checks[2].before[0]')), msgs.join('\n'));
  });

  it('a malformed within or before is a schema error with its position', async () => {
    writeFileSync(join(labs, 'demo', 'lab.yaml'), LAB('').replace('path: duplicates,', 'path: duplicates, within: soon, before: [{ service: provider, port: 8081, path: /x }],'));
    const cat = await loadCatalogue(labs);
    const msgs = cat.problems.map((p) => p.message);
    assert.ok(msgs.some((m) => m.includes('checks[1].within has the wrong form')), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.includes('missing required key "method" in checks[1].before[0]')), msgs.join('\n'));
  });

  it('a window on a fault that is not in the timeline is reported', async () => {
    writeFileSync(join(labs, 'demo', 'lab.yaml'), LAB('').replace('window: { fault: nope }', 'window: { fault: outage }').replace('- { at: 0s, fault: outage }', '- { at: 0s, fault: outgae }'));
    const cat = await loadCatalogue(labs);
    const msgs = lintRules(cat.labs[0]).map((p) => p.message);
    assert.ok(msgs.includes('checks[0].window.fault: fault "outage" is not in scenario.timeline, so its window never exists'), msgs.join('\n'));
  });
});

describe('proof (pure parts)', () => {
  it('cases: baseline, solution, then the solution + each mutant patch', async () => {
    const entry = { lab: { proof: { baselineFails: ['a', 'b'], mutants: [{ id: 'no-key', patch: 'mutants/no-key.patch', fails: ['dups'] }] } } } as never;
    assert.deepEqual(proofCases(entry), [
      { name: 'baseline', solution: false, mustFail: ['a', 'b'], passAll: false },
      { name: 'solution', solution: true, mustFail: [], passAll: true },
      { name: 'mutant no-key', solution: true, patch: 'mutants/no-key.patch', mustFail: ['dups'], passAll: false },
    ]);
  });

  it('a mutant patch changes the solution\'s files in a lab copy, and may add one; a stale patch is a PatchError', () => {
    const root = mkdtempSync(join(tmpdir(), 'bf-patch-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'retry.js'), 'const base = 250;\nconst jitter = Math.random();\nmodule.exports = { base, jitter };\n');
    writeFileSync(join(root, 'm.patch'), `--- a/src/retry.js
+++ b/src/retry.js
@@ -1,3 +1,3 @@
 const base = 250;
-const jitter = Math.random();
+const jitter = 1;
 module.exports = { base, jitter };
--- /dev/null
+++ b/src/extra.js
@@ -0,0 +1 @@
+module.exports = 1;
`);
    assert.deepEqual(applyMutantPatch(join(root, 'm.patch'), root), ['src/retry.js', 'src/extra.js']);
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    assert.equal(readFileSync(join(root, 'src', 'retry.js'), 'utf8'), 'const base = 250;\nconst jitter = 1;\nmodule.exports = { base, jitter };\n');
    assert.equal(readFileSync(join(root, 'src', 'extra.js'), 'utf8'), 'module.exports = 1;\n');
    // Applied again, the context no longer matches (and extra.js exists): an error, never a fuzzy guess.
    assert.throws(() => applyMutantPatch(join(root, 'm.patch'), root), (e: Error) => e instanceof PatchError && /no longer applies to src\/retry\.js \(hunks at line 1\)/.test(e.message));
    rmSync(root, { recursive: true, force: true });
  });

  it('judge: must-fail ids must all fail; the solution must pass everything and give every panel data', () => {
    const base = { name: 'baseline', solution: false, mustFail: ['a', 'b'], passAll: false };
    assert.deepEqual(judge(base, ['a', 'b', 'c']), { met: true, detail: '' });
    assert.deepEqual(judge(base, ['a']), { met: false, detail: 'expected to fail but passed: b' });
    const sol = { name: 'solution', solution: true, mustFail: [], passAll: true };
    const panel = (id: string, values: [number, number][]) => ({ panel: id, title: id, query: 'q', stepSeconds: 1, series: [{ labels: {}, values }] });
    assert.equal(judge(sol, [], [panel('calls', [[1, 0]])]).met, true);
    assert.match(judge(sol, ['x'], []).detail, /expected every check to pass; failed: x/);
    assert.deepEqual(judge(sol, [], [panel('calls', [[1, 2]]), panel('typo', []), { ...panel('none', []), series: [] }]), {
      met: false,
      detail: 'panels with no data over the run (check their queries): typo, none',
    });
    assert.match(judge(sol, []).detail, /panels' data over the run was not captured/);
  });

  it('the solution is its patch applied to the baseline: changed and added files, the lab itself untouched', () => {
    const root = mkdtempSync(join(tmpdir(), 'bf-solution-'));
    mkdirSync(join(root, 'services', 'worker', 'src'), { recursive: true });
    writeFileSync(join(root, 'services', 'worker', 'src', 'retry.js'), 'naive\n');
    const entry = { dir: root } as never;
    assert.deepEqual(solutionFiles(entry), [], 'no patch, no solution');
    mkdirSync(join(root, 'solution'));
    writeFileSync(join(root, 'solution', 'fix.patch'), `--- a/services/worker/src/retry.js
+++ b/services/worker/src/retry.js
@@ -1 +1 @@
-naive
+fixed
--- /dev/null
+++ b/services/worker/src/breaker.js
@@ -0,0 +1 @@
+breaker
`);
    assert.deepEqual(solutionFiles(entry), ['services/worker/src/breaker.js', 'services/worker/src/retry.js']);
    assert.equal(solutionTexts(entry).get('services/worker/src/retry.js'), 'fixed\n');
    assert.equal(solutionTexts(entry).get('services/worker/src/breaker.js'), 'breaker\n');
    const { readFileSync, existsSync } = require('node:fs') as typeof import('node:fs');
    assert.equal(readFileSync(join(root, 'services', 'worker', 'src', 'retry.js'), 'utf8'), 'naive\n');
    assert.ok(!existsSync(join(root, 'services', 'worker', 'src', 'breaker.js')));
    rmSync(root, { recursive: true, force: true });
  });
});
