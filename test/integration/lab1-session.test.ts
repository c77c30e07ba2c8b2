// One learner's session on lab 1 (notification-retry-storm) on the real engine, with one workspace, one
// `start`, one `up` and one `down` for two suites that used to bring up a stack each:
// - the learner's loop through the CLI with the reference solution: start → up (from the copy) → check (fail)
//   → apply the fix → check (pass) → writeup (unlocked, pre-filled) → validate → export → down; and the
//   checker's run report in full;
// - `breakfix mcp` through the SDK's own client over stdio, as Claude Code or Cursor would use it, on the
//   loop's stack: the tools and their schemas, real status and metrics, bad input (the server stays up), a
//   fault injected through MCP and healed when the client goes away, then a real check run through MCP and
//   read back with lastCheck and the report resource.
// MCP's runCheck IS the loop's baseline check (attempt 1): the loop asserts its report, attempt and commit,
// then goes on from `attempts`. The MCP server is closed before the loop's fix and `down`.
// Between `up` and MCP, lab1-stack.ts's tests run on the same stack: the API's contract, every fault, Ctrl-C.
// Lab 1 uses fixed ports and one Compose project: run under `flock /tmp/breakfix-docker.lock`.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AI_TOOLS, mcpName } from '../../src/core/ai';
import type { RunReport } from '../../src/core/checker/types';
import { learnerFilesAmong, listLabFiles } from '../../src/core/labs/learnerFiles';
import { applyReferenceFix } from '../support/referenceFix';
import { breakfix, eventually, projectLeftovers, requireEngine, volumeNames } from './helpers';
import { LAB, Lab1Session, lab, labDir, SERVICES } from './lab1-session';
import { stackContractTests } from './lab1-stack';

describe(`lab ${LAB}: one session for the learner's loop from the CLI and breakfix mcp (real engine, one workspace, one stack)`, function () {
  const s = new Lab1Session();
  let baseline: RunReport;
  let volumesBefore: Set<string>;

  before(function () {
    requireEngine(this);
    volumesBefore = volumeNames();
    s.open();
  });
  after(() => s.close());

  describe(`the learner's loop from the CLI on ${LAB} (real engine, reference solution): start and up`, function () {
    it('start copies the learner files and commits the baseline on breakfix/<lab>', function () {
      const r = breakfix(['start', LAB, '--workspace', s.ws]);
      assert.equal(r.code, 0, r.stderr);
      const toEdit = learnerFilesAmong(lab.learnerFiles, listLabFiles(labDir));
      assert.ok(toEdit.length > 0);
      for (const f of toEdit) assert.ok(existsSync(join(s.ws, 'labs', LAB, f)), `labs/${LAB}/${f} was copied`);
      assert.ok(!existsSync(join(s.ws, 'labs', LAB, 'solution')), 'the reference solution is not copied');
      assert.equal(s.git('rev-parse', '--abbrev-ref', 'HEAD'), `breakfix/${LAB}`);
      assert.match(s.git('log', '--format=%s'), new RegExp(`^breakfix: start ${LAB} \\(baseline\\)$`));
    });

    it('up runs the stack from the workspace copy, not the bundled lab', function () {
      const r = s.cli('up', LAB);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /from your copy/);
      const dirs = spawnSync('docker', ['ps', '--filter', `label=com.docker.compose.project=breakfix-${LAB}`, '--format', '{{.Label "com.docker.compose.project.working_dir"}}'], { encoding: 'utf8' }).stdout;
      assert.deepEqual([...new Set(dirs.split('\n').filter(Boolean))], [join(s.ws, 'labs', LAB)]);
      // It waited until every service was healthy, and publishes on loopback only.
      const status = breakfix(['status', LAB, '--json']);
      assert.equal(status.code, 0, status.stderr);
      const [st] = JSON.parse(status.stdout);
      assert.equal(st.project, `breakfix-${LAB}`);
      assert.deepEqual(st.services.map((x: { service: string }) => x.service).sort(), [...SERVICES].sort());
      for (const svc of st.services) {
        assert.equal(svc.state, 'running', `${svc.service} state`);
        assert.equal(svc.health, 'healthy', `${svc.service} health`);
        for (const p of svc.ports) assert.equal(p.hostIp, '127.0.0.1', `${svc.service} publishes ${p.host} beyond loopback`);
      }
    });

    it('the writeup is locked before a pass, and says how to unlock it', function () {
      const r = s.cli('writeup', LAB);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /locked|pass/i);
      assert.ok(!existsSync(join(s.ws, 'writeups', `${LAB}.md`)));
    });
  });

  // The API's contract, every fault and Ctrl-C, on this stack (lab1-stack.ts).
  stackContractTests();

  describe(`breakfix mcp on ${LAB} (real engine, the SDK's client over stdio, on the loop's stack)`, function () {
    before(() => s.connect());
    afterEach(function () {
      if (this.currentTest?.state === 'failed') console.log(`      breakfix mcp's stderr:\n${s.server.stderr.slice(-3000)}`);
    });
    after(() => s.disconnect()); // before the loop's fix and `down`

    it('lists the 7 tools with their input schemas', async () => {
      const { tools } = await s.client!.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['labSpec', 'stackStatus', 'queryMetrics', 'lastCheck', 'logs', 'injectFault', 'runCheck']);
      for (const spec of AI_TOOLS) assert.deepEqual(tools.find((t) => t.name === mcpName(spec))!.inputSchema, spec.inputSchema, spec.name);
    });

    it('stackStatus (no lab named: the running one) lists every service running and healthy, and no active fault', async () => {
      const status = JSON.parse(await s.call('stackStatus', {}));
      assert.equal(status.lab, LAB);
      assert.equal(status.running, true);
      assert.deepEqual(status.services.map((x: { service: string }) => x.service).sort(), SERVICES);
      for (const x of status.services) assert.deepEqual([x.service, x.state, x.health], [x.service, 'running', 'healthy']);
      assert.ok(status.services.find((x: { service: string }) => x.service === 'api').ports.includes('127.0.0.1:18080->8080'));
      assert.deepEqual(status.activeFaults, []);
      assert.ok(status.inactiveFaults.includes('provider-outage'));
    });

    it('queryMetrics answers an instant query with every scrape job up (1), and a range query with points', async () => {
      const up = await eventually('every job up', 30_000, async () => {
        const r = JSON.parse(await s.call('queryMetrics', { lab: LAB, query: 'up' }));
        const jobs = Object.fromEntries(r.samples.map((x: { labels: { job: string }; value: number }) => [x.labels.job, x.value]));
        return ['api', 'worker', 'provider', 'prometheus'].every((j) => jobs[j] === 1) ? r : undefined;
      });
      assert.equal(up.query, 'up');
      assert.ok(up.series >= 4);
      const range = JSON.parse(await s.call('queryMetrics', { query: 'sum by (job) (up)', rangeSeconds: 30 }));
      assert.equal(range.stepSeconds, 1);
      const api = range.values.find((x: { labels: { job: string } }) => x.labels.job === 'api');
      assert.ok(api.points.length >= 5, `points of the last 30 s: ${JSON.stringify(api.points)}`);
      for (const [t, v] of api.points) assert.ok(t <= 0 && t >= -31 && (v === 0 || v === 1), `point ${t}, ${v}`);
      assert.equal(api.points.at(-1)[1], 1, 'up now (0 before the api had started)');
    });

    it('bad input gets clear errors, and the server stays up', async () => {
      assert.match(await s.call('stackStatus', { lab: 'notification-retry-strom' }, true), /unknown lab "notification-retry-strom"\. Did you mean "notification-retry-storm"\? Known labs: .*notification-retry-storm/);
      assert.match(await s.call('queryMetrics', { lab: LAB, query: 'sum(rate(up[1m]' }, true), /bad_data: .*parse error/);
      assert.match(await s.call('queryMetrics', { lab: LAB, query: 'up', rangeSeconds: 1e9 }, true), /"rangeSeconds" .*at most 3600/);
      assert.match(await s.call('logs', { lab: LAB, service: 'nginx' }, true), /has no service "nginx"\. Its services: .*worker/);
      assert.match(await s.call('injectFault', { lab: LAB, fault: 'meteor-strike' }, true), /no fault "meteor-strike"\. Faults: .*provider-outage/);
      await assert.rejects(s.client!.callTool({ name: 'dropTables', arguments: {} }), /unknown tool "dropTables"\. Break\/Fix's tools: labSpec/);
      assert.equal((await s.client!.listTools()).tools.length, 7, 'still up');
      assert.match(await s.call('logs', { service: 'worker', lines: 5 }), /\S/);
      assert.deepEqual(s.server.errors, [], 'every line on stdout was a JSON-RPC message');
    });

    it('injectFault through MCP activates a fault; the server heals it when the client goes away', async () => {
      const injected = JSON.parse(await s.call('injectFault', { fault: 'provider-outage', seconds: 300 }));
      assert.deepEqual([injected.fault, injected.active, injected.healsAfterSeconds], ['provider-outage', true, 300]);
      assert.deepEqual(JSON.parse(await s.call('stackStatus', { lab: LAB })).activeFaults.map((f: { id: string }) => f.id), ['provider-outage']);
      const server = s.server;
      await s.disconnect(); // ends the server's stdin: it heals what it injected, then exits
      assert.match(server.stderr, /stopping \(stdin closed\)/);
      assert.equal(s.faults().find((f) => f.id === 'provider-outage')?.active, false, 'healed long before its 300 s');
      await s.connect();
    });

    it('runCheck through MCP runs a real check (progress on the way) and records attempt 1; lastCheck and the report resource read it back', async () => {
      const t0 = Date.now();
      const progress: string[] = [];
      const r = (await s.client!.callTool({ name: 'runCheck', arguments: {} }, undefined, { timeout: 120_000, resetTimeoutOnProgress: true, maxTotalTimeout: 900_000, onprogress: (p) => progress.push(p.message ?? '') })) as CallToolResult;
      const ran = JSON.parse((r.content[0] as { text: string }).text);
      s.baselineSeconds = Math.round((Date.now() - t0) / 1000);
      console.log(`      check through MCP: ${s.baselineSeconds} s, ${progress.length} progress lines; failed: ${ran.failed.join(', ')}`);
      assert.equal(r.isError, undefined, JSON.stringify(ran).slice(0, 2000));
      assert.equal(ran.verdict, 'fail', 'the baseline fails');
      assert.ok(lab.proof.baselineFails.some((id) => ran.failed.includes(id)), `the baseline fails one of ${lab.proof.baselineFails.join(', ')}`);
      assert.ok(progress.length > 3 && progress.some((l) => /scenario|load|drain/i.test(l)), `progress: ${progress.join(' | ')}`);

      const last = JSON.parse(await s.call('lastCheck', {}));
      assert.deepEqual(last, ran, 'lastCheck shows the report the check wrote');
      assert.deepEqual(last.checks.filter((c: { id: string }) => !c.id.startsWith('constraint-')).map((c: { id: string }) => c.id), lab.checks.map((c) => c.id));
      for (const c of last.checks) {
        if (!c.id.startsWith('constraint-')) assert.equal(typeof c.measured, 'number', `${c.id} measured ${c.measured}`);
        assert.match(c.want, /^(<|<=|>|>=|==|!=) \S+/, `${c.id} want`);
        assert.ok(c.source, `${c.id} names its PromQL or probe`);
      }
      for (const id of last.failed) assert.equal(last.checks.find((c: { id: string }) => c.id === id).pass, false);
      assert.ok(last.timeline.length > 0 && last.timeline.every((t: { injectedAt?: string; revertedAt?: string }) => t.injectedAt && t.revertedAt));
      assert.ok(last.load.summary.sent > 0, 'the load ran');

      const resource = await s.client!.readResource({ uri: `breakfix://labs/${LAB}/reports/latest` });
      assert.deepEqual(JSON.parse((resource.contents[0] as { text: string }).text), last);
      const attempts = s.progress().labs[LAB].attempts;
      assert.deepEqual(attempts.map((a) => [a.n, a.verdict, a.failed]), [[1, 'fail', ran.failed]]);
      assert.match(s.server.stderr, /\[notification-retry-storm check\] attempt 1 recorded \(fail\)/);
      assert.deepEqual(s.server.errors, []);
    });
  });

  describe(`the learner's loop from the CLI on ${LAB}, on from attempt 1 (MCP's runCheck): the fix, the writeup, export, down`, function () {
    it("the baseline check (MCP's runCheck) fails the named checks, with a complete run report, recorded as attempt 1", function () {
      const reports = s.reports();
      assert.equal(reports.length, 1, `one check ran, MCP's: ${reports.map((r) => r.startedAt).join(', ')}`);
      baseline = reports[0];
      console.log(`      baseline check: ${s.baselineSeconds ?? '?'} s (scenario ${baseline.durations.scenario} s); failed: ${baseline.failed.join(', ')}`);
      assert.equal(baseline.verdict, 'fail', 'the baseline fails');
      // Which of the lab's named checks fail is the proof's to assert (lint --prove); here: the baseline fails some.
      assert.ok(lab.proof.baselineFails.some((id) => baseline.failed.includes(id)), `the baseline fails one of ${lab.proof.baselineFails.join(', ')}`);
      assert.equal(baseline.learnerDir, join(s.ws, 'labs', LAB), "the learner's files come from the workspace copy");
      assert.ok(!baseline.stackDir.startsWith(s.ws) && baseline.stackDir.endsWith(LAB), `the stack runs from the check's assembled folder, outside the workspace: ${baseline.stackDir}`);
      assert.deepEqual(baseline.ignoredChanges, [], 'an unchanged copy: nothing is left out');
      assert.deepEqual(baseline.checks.filter((c) => !c.id.startsWith('constraint-')).map((c) => c.id), lab.checks.map((c) => c.id), 'every check is evaluated');
      for (const c of baseline.checks) assert.ok('measured' in c && c.threshold !== undefined && c.op && c.source, `check ${c.id} carries measured/threshold/op/source`);
      assert.ok(baseline.checks.some((c) => c.id.startsWith('constraint-')), 'constraints are evaluated as checks');
      assert.ok((baseline.load.summary?.sent ?? 0) > 0, 'the load ran');
      assert.ok(baseline.timeline.length > 0 && baseline.timeline.every((t) => t.injectedAt && t.revertedAt), 'every timeline fault was injected and reverted');
      assert.deepEqual(baseline.failed, baseline.checks.filter((c) => !c.pass).map((c) => c.id));
      assert.ok(baseline.series && Object.keys(baseline.series).length > 0, 'the panels\' data over the run is kept');
      assert.ok(existsSync(baseline.files!.json) && existsSync(baseline.files!.md));
      assert.match(readFileSync(baseline.files!.md, 'utf8'), new RegExp(`^# Check of ${LAB}: `));
      assert.deepEqual(s.activeFaults(), [], 'no fault is left active after a check');
      const attempt = s.progress().labs[LAB].attempts[0];
      assert.deepEqual([attempt.n, attempt.verdict, attempt.failed, attempt.report], [1, 'fail', baseline.failed, baseline.files!.md]);
      assert.equal(s.progress().labs[LAB].status, 'broken');
      assert.equal(s.git('log', '-1', '--format=%s'), 'attempt 1: fail');
      assert.equal(attempt.commit, s.git('rev-parse', 'HEAD'));
    });

    it('attempts lists attempt 1 with its verdict and failing checks', function () {
      const r = s.cli('attempts', LAB);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1\b.*fail/);
      for (const id of baseline.failed) assert.match(r.stdout, new RegExp(id));
    });

    it('with the reference fix, check passes every check: attempt 2, the lab is fixed', function () {
      applyReferenceFix(s.ws, LAB);
      const t0 = Date.now();
      const r = s.cli('check', LAB, '--json');
      const after = JSON.parse(r.stdout) as RunReport;
      console.log(`      solution check: ${Math.round((Date.now() - t0) / 1000)} s; ${after.checks.map((c) => `${c.id} ${c.measured}`).join(', ')}`);
      assert.equal(r.code, 0, `the fix must pass (exit 0); failed: ${after.failed.join(', ')}\n${r.stderr.slice(-2000)}`);
      assert.equal(after.verdict, 'pass');
      // The cost block (lab.yaml cost), measured by the check's own instruments: non-zero and plausible for both runs.
      const requests = lab.scenario.load.requests;
      for (const [name, c] of [['baseline', baseline.cost], ['fix', after.cost]] as const) {
        assert.ok(c, `the ${name} report carries a cost block`);
        console.log(`      cost of the ${name}: ${c.perThousand?.toFixed(4)} ${c.currency} per 1,000 ${c.events.title}; ${c.lines.map((l) => `${l.id} ${l.quantity}`).join(', ')}; ${c.notes.join('; ')}`);
        assert.deepEqual(c.notes, [], `every line was measured (${name})`);
        assert.ok(c.events.count! >= requests * 0.9 && c.events.count! <= requests, `about ${requests} notifications accepted (${name}): ${c.events.count}`);
        const calls = c.lines.find((l) => l.id === 'provider-calls')!.quantity!;
        assert.ok(calls >= c.events.count! * 0.5, `at least a call for most notifications (${name}): ${calls}`);
        assert.ok(c.perThousand! > 0);
      }
      assert.ok(baseline.cost!.perThousand! > 1.5 * after.cost!.perThousand!, `the retry storm costs more than the fix per 1,000: ${baseline.cost!.perThousand} against ${after.cost!.perThousand}`);
      const p = s.progress().labs[LAB];
      assert.deepEqual(p.attempts.map((a) => `${a.n} ${a.verdict}`), ['1 fail', '2 pass']);
      assert.equal(p.status, 'fixed');
      assert.equal(s.git('log', '-1', '--format=%s'), 'attempt 2: pass');
    });

    it('writeup creates writeups/<lab>.md pre-filled with the measured before/after, timeline, charts and diff stat', function () {
      const r = s.cli('writeup', LAB);
      assert.equal(r.code, 0, r.stderr);
      const text = readFileSync(join(s.ws, 'writeups', `${LAB}.md`), 'utf8');
      assert.match(text, /^# Postmortem/m, 'from the lab template');
      assert.match(text, /\| Check \| Threshold \| Before \| After \|/);
      for (const id of baseline.failed) assert.match(text, new RegExp(`\\| \\*\\*${id}\\*\\*: .*✘ [\\d.]+.*✔ [\\d.]+`), `${id}: failing before, passing after`);
      assert.match(text, /provider-outage/, 'the fault timeline');
      const charts = readdirSync(join(s.ws, 'writeups', LAB)).filter((f) => f.endsWith('.svg'));
      assert.ok(charts.length >= 3, `charts of the key panels: ${charts.join(', ')}`);
      assert.match(readFileSync(join(s.ws, 'writeups', LAB, charts[0]), 'utf8'), /<svg[^>]*>[\s\S]*<path/);
      assert.match(text, /deliver\.js/, 'the diff stat names the changed learner file');
    });

    it('writeup --check lists what is missing, then passes once every section is written: the lab is written up', function () {
      const first = s.cli('writeup', LAB, '--check');
      assert.equal(first.code, 1);
      assert.match(first.stderr, new RegExp(`${LAB}\\.md:\\d+: Symptom: .*40`));
      const cited = baseline.checks.find((c) => c.id === baseline.failed[0])!;
      const file = join(s.ws, 'writeups', `${LAB}.md`);
      const own = (topic: string) =>
        `\nIn the ${topic} I explain in my own words what the run showed: the worker retried every provider failure at once, ` +
        `so an outage turned each notification into a burst of calls, answers that came late were sent again, and permanent ` +
        `rejections were retried for nothing until the fix bounded every part of that behaviour.\n`;
      let text = readFileSync(file, 'utf8');
      for (const section of ['Symptom', 'Root cause', 'Metric', 'Fix', 'Tradeoff', 'Interview narrative']) {
        const extra = section === 'Metric' ? `The ${cited.id} check measured ${cited.measured} before the fix.\n` : '';
        text = text.replace(`\n## ${section}\n`, `\n## ${section}\n${own(section.toLowerCase())}${extra}`);
      }
      writeFileSync(file, text);
      const ok = s.cli('writeup', LAB, '--check');
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /is written up/);
      assert.equal(s.progress().labs[LAB].status, 'written-up');
    });

    it('export writes the portfolio: index, the writeup with its charts, and both run reports', function () {
      const r = breakfix(['export', '--out', s.out, '--workspace', s.ws]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(readFileSync(join(s.out, 'index.md'), 'utf8'), new RegExp(LAB));
      assert.match(readFileSync(join(s.out, LAB, 'writeup.md'), 'utf8'), /\]\(charts\/[\w-]+\.svg\)/);
      assert.ok(readdirSync(join(s.out, LAB, 'charts')).some((f) => f.endsWith('.svg')));
      assert.deepEqual(readdirSync(join(s.out, LAB, 'runs')).sort(), ['attempt-1-fail.json', 'attempt-1-fail.md', 'attempt-2-pass.json', 'attempt-2-pass.md']);
    });

    it('down leaves nothing of the project, not even an unlabelled volume of a recreated container', function () {
      assert.equal(s.client, undefined, 'the MCP server was closed before down');
      assert.equal(breakfix(['down', LAB]).code, 0);
      assert.deepEqual(projectLeftovers(`breakfix-${LAB}`), []);
      // The checks recreated every container from their own folder after `up`: an image's VOLUME (Redis's
      // /data, Prometheus's /prometheus) without a named volume of the lab's left an anonymous one each time.
      const leaked = [...volumeNames()].filter((v) => !volumesBefore.has(v));
      assert.deepEqual(leaked, [], 'volumes created during the session and still there after down');
    });
  });
});
