// `breakfix mcp` without Docker: the server in-process over the SDK's in-memory transport (tools, resources,
// bad input, the assessment lock), and the built CLI over real stdio (only protocol on stdout, stops when its
// stdin closes). The engine is a socket that does not exist, so no call can reach a real one.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readAssessment } from '../../../src/core/assessment/record';
import { AI_TOOLS, mcpName } from '../../../src/core/ai';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { mcpServer } from '../../../src/cli/commands/mcp';
import { LAB1, lab, runningAssessment, tempWorkspace } from '../assessment/helpers';
import { bundledLabs, tempCli } from './tempCli';

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

describe('breakfix mcp (no engine)', function () {
  this.timeout(60_000);
  let ws: string;
  let client: Client;
  let logged: string[];

  beforeEach(async () => {
    ws = tempWorkspace('mcp');
    logged = [];
    const env = { ...process.env, DOCKER_HOST: `unix://${join(ws, 'no-such-docker.sock')}` };
    const { server } = mcpServer({ catalogue: () => loadCatalogue(bundledLabs), workspaceDir: ws, log: (l) => logged.push(l), env });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    client = new Client({ name: 'test', version: '1' });
    await client.connect(b);
  });
  afterEach(() => client.close());

  it('lists one tool per AI tool, with its MCP name, description and raw input schema; actions are not read-only', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['labSpec', 'stackStatus', 'queryMetrics', 'lastCheck', 'logs', 'injectFault', 'runCheck']);
    for (const spec of AI_TOOLS) {
      const tool = tools.find((t) => t.name === mcpName(spec))!;
      assert.equal(tool.description, spec.modelDescription);
      assert.deepEqual(tool.inputSchema, spec.inputSchema);
      assert.equal(tool.annotations?.readOnlyHint, !spec.action, `${tool.name} readOnlyHint`);
    }
    assert.deepEqual(tools.filter((t) => !t.annotations?.readOnlyHint).map((t) => t.name), ['injectFault', 'runCheck']);
  });

  it('answers labSpec with the lab spec, and bad input with errors that say what to do, and stays up', async () => {
    const spec = await client.callTool({ name: 'labSpec', arguments: { lab: LAB1 } });
    assert.equal(spec.isError, undefined, text(spec));
    assert.match(text(spec), /^# Notification queue retry storm \(notification-retry-storm/);

    const unknown = await client.callTool({ name: 'stackStatus', arguments: { lab: 'notification-retry-strom' } });
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /unknown lab "notification-retry-strom"\. Did you mean "notification-retry-storm"\? Known labs: .*notification-retry-storm/);

    const range = await client.callTool({ name: 'queryMetrics', arguments: { lab: LAB1, query: 'up', rangeSeconds: 1e9 } });
    assert.equal(range.isError, true);
    assert.match(text(range), /"rangeSeconds" .*at most 3600/);

    const extra = await client.callTool({ name: 'logs', arguments: { lab: LAB1, service: 'worker', since: '1h' } });
    assert.equal(extra.isError, true);
    assert.match(text(extra), /unknown field "since"/);

    const noEngine = await client.callTool({ name: 'stackStatus', arguments: { lab: LAB1 } });
    assert.equal(noEngine.isError, true);
    assert.match(text(noEngine), /Docker engine not reachable/);

    await assert.rejects(client.callTool({ name: 'breakfix_labSpec', arguments: {} }), /unknown tool "breakfix_labSpec"\. Break\/Fix's tools: labSpec, stackStatus/);
    assert.equal((await client.listTools()).tools.length, AI_TOOLS.length, 'still up');
    assert.ok(logged.some((l) => /^stackStatus \(notification-retry-storm\): refused or failed/.test(l)), logged.join('\n'));
  });

  it("lists each lab's spec and latest report as resources and reads them through the tools", async () => {
    const labs = (await loadCatalogue(bundledLabs)).labs.map((e) => e.lab.id);
    const { resources } = await client.listResources();
    assert.deepEqual(resources.map((r) => r.uri).sort(), labs.flatMap((id) => [`breakfix://labs/${id}/spec`, `breakfix://labs/${id}/reports/latest`]).sort());
    const spec = await client.readResource({ uri: `breakfix://labs/${LAB1}/spec` });
    assert.match((spec.contents[0] as { text: string }).text, /## Checks the checker measures/);
    const report = await client.readResource({ uri: `breakfix://labs/${LAB1}/reports/latest` });
    assert.deepEqual(JSON.parse((report.contents[0] as { text: string }).text).report, null, 'no check has run in this workspace');
    await assert.rejects(client.readResource({ uri: 'breakfix://labs/no-such-lab/spec' }), /unknown lab "no-such-lab"/);
    await assert.rejects(client.readResource({ uri: `breakfix://labs/${LAB1}/solution` }), /unknown resource .*breakfix:\/\/labs\/<lab>\/spec/);
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['breakfix://labs/{lab}/spec', 'breakfix://labs/{lab}/reports/latest']);
  });

  it('refuses every tool and resource while an assessment runs in the workspace, and notes it in its timeline', async () => {
    await runningAssessment(await lab(), ws);
    const input: Record<string, Record<string, unknown>> = { queryMetrics: { query: 'up' }, logs: { service: 'worker' }, injectFault: { fault: 'provider-outage' } };
    for (const spec of AI_TOOLS) {
      const name = mcpName(spec);
      const r = await client.callTool({ name, arguments: { lab: LAB1, ...input[name] } });
      assert.equal(r.isError, true, `${name} answered: ${text(r).slice(0, 200)}`);
      assert.match(text(r), /The AI tools are locked during the assessment of notification-retry-storm/, name);
    }
    await assert.rejects(client.readResource({ uri: `breakfix://labs/${LAB1}/spec` }), /The AI tools are locked/);
    const { record } = await readAssessment(ws);
    assert.ok(record!.events.filter((e) => e.kind === 'locked' && /ai/.test(e.detail)).length >= AI_TOOLS.length, 'each refusal is in the timeline');
  });
});

describe('breakfix mcp over stdio (the built CLI, no engine)', function () {
  this.timeout(60_000);

  it('writes only protocol to stdout, logs to stderr, and stops when its stdin closes', async () => {
    const ws = tempWorkspace('mcp-stdio');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [await tempCli(), 'mcp', '--workspace', ws],
      env: { ...(process.env as Record<string, string>), BREAKFIX_LABS_DIR: bundledLabs, DOCKER_HOST: `unix://${join(ws, 'no-such-docker.sock')}` },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr!.on('data', (c) => (stderr += c));
    const errors: Error[] = [];
    const client = new Client({ name: 'test', version: '1' });
    client.onerror = (e) => errors.push(e);
    await client.connect(transport);
    assert.equal(client.getServerVersion()?.name, 'breakfix');
    assert.equal((await client.listTools()).tools.length, AI_TOOLS.length);
    const spec = await client.callTool({ name: 'labSpec', arguments: { lab: LAB1 } });
    assert.match(text(spec), /# Notification queue retry storm/);
    const down = await client.callTool({ name: 'stackStatus', arguments: { lab: LAB1 } });
    assert.equal(down.isError, true);
    const pid = transport.pid!;
    const t0 = Date.now();
    await client.close(); // ends stdin; SIGTERM only after 2 s
    assert.deepEqual(errors, [], 'every line on stdout was a JSON-RPC message');
    assert.ok(Date.now() - t0 < 2000, `it stopped on stdin close, in ${Date.now() - t0} ms`);
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the server process is gone');
    assert.match(stderr, /serving 7 tools for the workspace/);
    assert.match(stderr, /stopping \(stdin closed\)/);
  });

  it('stops on SIGTERM with exit code 0, saying so on stderr and nothing on stdout', async () => {
    const ws = tempWorkspace('mcp-term');
    const child = spawn(process.execPath, [await tempCli(), 'mcp', '--workspace', ws], { env: { ...process.env, BREAKFIX_LABS_DIR: bundledLabs } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await new Promise<void>((r) => child.stderr.on('data', (c) => ((stderr += c), /serving/.test(stderr) && r())));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /stopping \(SIGTERM\)/);
    assert.equal(stdout, '');
  });
});
