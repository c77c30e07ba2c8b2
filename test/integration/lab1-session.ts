// Lab 1's session of lab1-session.test.ts: one workspace and one stack that the learner's loop from the CLI and
// `breakfix mcp` share, and the ways the tests read it (the CLI, git, progress, the run reports, an MCP client).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'yaml';
import type { RunReport } from '../../src/core/checker/types';
import type { FaultState } from '../../src/core/faults/verify';
import type { ProgressFile } from '../../src/core/progress/types';
import { checkStackDir, runsDir } from '../../src/core/workspace/paths';
import { breakfix, cli, repo } from './helpers';

export const LAB = 'notification-retry-storm';
export const labDir = resolve(repo, 'labs', LAB);
export const lab = parse(readFileSync(join(labDir, 'lab.yaml'), 'utf8')) as {
  learnerFiles: string[];
  proof: { baselineFails: string[] };
  checks: { id: string }[];
  scenario: { load: { requests: number } };
};
export const SERVICES = ['api', 'db', 'load', 'prometheus', 'provider', 'queue', 'worker'];

/** A client connected to a fresh `breakfix mcp` process; its stderr is collected. */
export async function connectMcp(ws: string) {
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

/** The session's workspace (and export folder), the MCP client while one is connected, and what the tests read. */
export class Lab1Session {
  ws = '';
  out = '';
  client?: Client;
  server = { stderr: '', errors: [] as Error[] };
  /** Seconds the baseline check (MCP's runCheck, attempt 1) took. */
  baselineSeconds?: number;

  /** A fresh workspace and export folder; no stack of lab 1 left by an aborted run. */
  open(): void {
    this.ws = mkdtempSync(join(tmpdir(), 'bf-lab1-session-'));
    this.out = mkdtempSync(join(tmpdir(), 'bf-cli-export-'));
    breakfix(['down', LAB]);
  }

  /** Closes the MCP client (the server exits), takes the stack down, removes the folders. */
  async close(): Promise<void> {
    await this.disconnect();
    if (!this.ws) return;
    breakfix(['down', LAB]);
    rmSync(checkStackDir(this.ws, LAB), { recursive: true, force: true });
    rmSync(this.ws, { recursive: true, force: true });
    rmSync(this.out, { recursive: true, force: true });
  }

  async connect(): Promise<Client> {
    assert.ok(existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    ({ client: this.client, server: this.server } = await connectMcp(this.ws));
    return this.client;
  }

  /** Ends the server's stdin: it heals what it injected, then exits. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  /** Calls a tool and returns its text; `error` says whether it must be an error result. */
  async call(name: string, args: Record<string, unknown>, error = false): Promise<string> {
    const r = (await this.client!.callTool({ name, arguments: args })) as CallToolResult;
    const text = (r.content[0] as { text: string }).text;
    assert.equal(!!r.isError, error, `${name} ${JSON.stringify(args)} answered ${r.isError ? 'an error' : 'ok'}: ${text.slice(0, 1500)}`);
    return text;
  }

  /** The CLI on the session's workspace. */
  cli(...args: string[]) {
    return breakfix([...args, '--workspace', this.ws]);
  }

  git(...args: string[]): string {
    return spawnSync('git', args, { cwd: this.ws, encoding: 'utf8' }).stdout.trim();
  }

  progress(): ProgressFile {
    return JSON.parse(readFileSync(join(this.ws, '.breakfix', 'progress.json'), 'utf8')) as ProgressFile;
  }

  faults(): FaultState[] {
    const r = breakfix(['faults', LAB, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as FaultState[];
  }

  activeFaults(): string[] {
    return this.faults().filter((s) => s.active !== false).map((s) => s.id);
  }

  /** The run reports the workspace holds, oldest first, as the checks wrote them (JSON). */
  reports(): RunReport[] {
    const dir = runsDir(this.ws, LAB);
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : [];
    return names.map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as RunReport);
  }
}
