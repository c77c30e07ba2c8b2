// `breakfix mcp` against lab 1's real stack on a real engine, through the SDK's own client over stdio, as
// Claude Code or Cursor would use it: the tools and their schemas, real status and metrics, bad input (the
// server stays up), a fault injected through MCP and healed when the client goes away, then a real check
// run through MCP and read back with lastCheck and the report resource.
// Lab 1 uses fixed ports and one Compose project: run under `flock /tmp/breakfix-docker.lock`.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'yaml';
import { AI_TOOLS, mcpName } from '../../src/core/ai';
import type { FaultState } from '../../src/core/faults/verify';
import type { ProgressFile } from '../../src/core/progress/types';
import { checkStackDir } from '../../src/core/workspace/paths';
import { breakfix, cli, eventually, repo, requireEngine } from './helpers';

const LAB = 'notification-retry-storm';
const lab = parse(readFileSync(resolve(repo, 'labs', LAB, 'lab.yaml'), 'utf8')) as { proof: { baselineFails: string[] }; checks: { id: string }[] };
const SERVICES = ['api', 'db', 'load', 'prometheus', 'provider', 'queue', 'worker'];

/** A client connected to a fresh `breakfix mcp` process; its stderr is collected. */
async function connect(ws: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--workspace', ws],
    env: { ...(process.env as Record<string, string>), BREAKFIX_LABS_DIR: resolve(repo, 'labs') },
    stderr: 'pipe',
  });
  const server = { stderr: '', errors: [] as Error[] };
  transport.stderr!.on('data', (c) => (server.stderr += c));
  const client = new Client({ name: 'breakfix-mcp-test', version: '1' });
  client.onerror = (e) => server.errors.push(e);
  await client.connect(transport);
  return { client, server };
}

describe(`breakfix mcp on ${LAB} (real engine, the SDK's client over stdio)`, function () {
  let ws: string;
  let client: Client;
  let server: { stderr: string; errors: Error[] };
  /** Calls a tool and returns its text; `error` says whether it must be an error result. */
  const call = async (name: string, args: Record<string, unknown>, error = false): Promise<string> => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = (r.content[0] as { text: string }).text;
    assert.equal(!!r.isError, error, `${name} ${JSON.stringify(args)} answered ${r.isError ? 'an error' : 'ok'}: ${text.slice(0, 1500)}`);
    return text;
  };
  const faults = () => {
    const r = breakfix(['faults', LAB, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as FaultState[];
  };

  before(async function () {
    requireEngine(this);
    assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    ws = mkdtempSync(join(tmpdir(), 'bf-mcp-'));
    breakfix(['down', LAB]);
    const start = breakfix(['start', LAB, '--workspace', ws]);
    assert.equal(start.code, 0, start.stderr);
    const up = breakfix(['up', LAB, '--workspace', ws]);
    assert.equal(up.code, 0, `up failed:\n${up.stderr}`);
    ({ client, server } = await connect(ws));
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && server) console.log(`      breakfix mcp's stderr:\n${server.stderr.slice(-3000)}`);
  });
  after(async () => {
    await client?.close();
    if (!ws) return;
    breakfix(['down', LAB]);
    rmSync(checkStackDir(ws, LAB), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  });

  it('lists the 7 tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['labSpec', 'stackStatus', 'queryMetrics', 'lastCheck', 'logs', 'injectFault', 'runCheck']);
    for (const spec of AI_TOOLS) assert.deepEqual(tools.find((t) => t.name === mcpName(spec))!.inputSchema, spec.inputSchema, spec.name);
  });

  it('stackStatus (no lab named: the running one) lists every service running and healthy, and no active fault', async () => {
    const status = JSON.parse(await call('stackStatus', {}));
    assert.equal(status.lab, LAB);
    assert.equal(status.running, true);
    assert.deepEqual(status.services.map((s: { service: string }) => s.service).sort(), SERVICES);
    for (const s of status.services) assert.deepEqual([s.service, s.state, s.health], [s.service, 'running', 'healthy']);
    assert.ok(status.services.find((s: { service: string }) => s.service === 'api').ports.includes('127.0.0.1:18080->8080'));
    assert.deepEqual(status.activeFaults, []);
    assert.ok(status.inactiveFaults.includes('provider-outage'));
  });

  it('queryMetrics answers an instant query with every scrape job up (1), and a range query with points', async () => {
    const up = await eventually('every job up', 30_000, async () => {
      const r = JSON.parse(await call('queryMetrics', { lab: LAB, query: 'up' }));
      const jobs = Object.fromEntries(r.samples.map((s: { labels: { job: string }; value: number }) => [s.labels.job, s.value]));
      return ['api', 'worker', 'provider', 'prometheus'].every((j) => jobs[j] === 1) ? r : undefined;
    });
    assert.equal(up.query, 'up');
    assert.ok(up.series >= 4);
    const range = JSON.parse(await call('queryMetrics', { query: 'sum by (job) (up)', rangeSeconds: 30 }));
    assert.equal(range.stepSeconds, 1);
    const api = range.values.find((s: { labels: { job: string } }) => s.labels.job === 'api');
    assert.ok(api.points.length >= 5, `points of the last 30 s: ${JSON.stringify(api.points)}`);
    for (const [t, v] of api.points) assert.ok(t <= 0 && t >= -31 && (v === 0 || v === 1), `point ${t}, ${v}`);
    assert.equal(api.points.at(-1)[1], 1, 'up now (0 before the api had started)');
  });

  it('bad input gets clear errors, and the server stays up', async () => {
    assert.match(await call('stackStatus', { lab: 'notification-retry-strom' }, true), /unknown lab "notification-retry-strom"\. Did you mean "notification-retry-storm"\? Known labs: .*notification-retry-storm/);
    assert.match(await call('queryMetrics', { lab: LAB, query: 'sum(rate(up[1m]' }, true), /bad_data: .*parse error/);
    assert.match(await call('queryMetrics', { lab: LAB, query: 'up', rangeSeconds: 1e9 }, true), /"rangeSeconds" .*at most 3600/);
    assert.match(await call('logs', { lab: LAB, service: 'nginx' }, true), /has no service "nginx"\. Its services: .*worker/);
    assert.match(await call('injectFault', { lab: LAB, fault: 'meteor-strike' }, true), /no fault "meteor-strike"\. Faults: .*provider-outage/);
    await assert.rejects(client.callTool({ name: 'dropTables', arguments: {} }), /unknown tool "dropTables"\. Break\/Fix's tools: labSpec/);
    assert.equal((await client.listTools()).tools.length, 7, 'still up');
    assert.match(await call('logs', { service: 'worker', lines: 5 }), /\S/);
    assert.deepEqual(server.errors, [], 'every line on stdout was a JSON-RPC message');
  });

  it('injectFault through MCP activates a fault; the server heals it when the client goes away', async () => {
    const injected = JSON.parse(await call('injectFault', { fault: 'provider-outage', seconds: 300 }));
    assert.deepEqual([injected.fault, injected.active, injected.healsAfterSeconds], ['provider-outage', true, 300]);
    assert.deepEqual(JSON.parse(await call('stackStatus', { lab: LAB })).activeFaults.map((f: { id: string }) => f.id), ['provider-outage']);
    await client.close(); // ends the server's stdin: it heals what it injected, then exits
    assert.match(server.stderr, /stopping \(stdin closed\)/);
    assert.equal(faults().find((f) => f.id === 'provider-outage')?.active, false, 'healed long before its 300 s');
    ({ client, server } = await connect(ws));
  });

  it('runCheck through MCP runs a real check (progress on the way) and records attempt 1; lastCheck and the report resource read it back', async () => {
    const t0 = Date.now();
    const progress: string[] = [];
    const r = (await client.callTool({ name: 'runCheck', arguments: {} }, undefined, { timeout: 120_000, resetTimeoutOnProgress: true, maxTotalTimeout: 900_000, onprogress: (p) => progress.push(p.message ?? '') })) as CallToolResult;
    const ran = JSON.parse((r.content[0] as { text: string }).text);
    console.log(`      check through MCP: ${Math.round((Date.now() - t0) / 1000)} s, ${progress.length} progress lines; failed: ${ran.failed.join(', ')}`);
    assert.equal(r.isError, undefined, JSON.stringify(ran).slice(0, 2000));
    assert.equal(ran.verdict, 'fail', 'the baseline fails');
    assert.ok(lab.proof.baselineFails.some((id) => ran.failed.includes(id)), `the baseline fails one of ${lab.proof.baselineFails.join(', ')}`);
    assert.ok(progress.length > 3 && progress.some((l) => /scenario|load|drain/i.test(l)), `progress: ${progress.join(' | ')}`);

    const last = JSON.parse(await call('lastCheck', {}));
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

    const resource = await client.readResource({ uri: `breakfix://labs/${LAB}/reports/latest` });
    assert.deepEqual(JSON.parse((resource.contents[0] as { text: string }).text), last);
    const attempts = (JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')) as ProgressFile).labs[LAB].attempts;
    assert.deepEqual(attempts.map((a) => [a.n, a.verdict, a.failed]), [[1, 'fail', ran.failed]]);
    assert.match(server.stderr, /\[notification-retry-storm check\] attempt 1 recorded \(fail\)/);
    assert.deepEqual(server.errors, []);
  });
});
