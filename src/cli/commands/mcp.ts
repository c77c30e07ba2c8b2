// `breakfix mcp`: the AI tools (src/core/ai) as an MCP server on stdio, for Claude Code, Cursor and other MCP
// clients. One tool per AI tool, run through runAiTool with the same guards as the VS Code tools, and each
// lab's spec and latest check report as resources. stdout carries the protocol and nothing else: every log
// line goes to stderr.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AI_TOOLS, healPending, mcpName, runAiTool, type AiDeps } from '../../core/ai';
import type { Catalogue } from '../../core/labs/types';
import { checkAndRecord } from '../../core/workspace/checkAttempt';
import { resolveWorkspace } from '../../core/workspace/paths';
import type { CliCommand } from '../command';

export interface McpServerOptions {
  catalogue(): Promise<Catalogue>;
  /** The learner's workspace: progress, reports, an assessment. */
  workspaceDir: string;
  /** Where log lines go (stderr: stdout is the protocol's). */
  log(line: string): void;
  /** Aborted when the server stops: every call in flight is cancelled. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

const RESOURCES = [
  { path: 'spec', tool: 'breakfix_labSpec', what: 'spec', mimeType: 'text/markdown' },
  { path: 'reports/latest', tool: 'breakfix_lastCheck', what: 'latest check report', mimeType: 'application/json' },
] as const;

/** The MCP tool of each AI tool: its schema as it is; an action (it changes the lab) is marked as one. */
export function mcpTools(): Tool[] {
  return AI_TOOLS.map((t) => ({
    name: mcpName(t),
    title: t.displayName.replace(/^Break\/Fix: /, ''),
    description: t.modelDescription,
    inputSchema: t.inputSchema,
    // An action changes the lab's own stack only. A fault undoes itself (it heals), so injecting one is not
    // destructive; a check resets the running stack's queue and database first, so it is. Neither is
    // idempotent (a check records a new attempt).
    annotations: t.action
      ? { title: t.displayName, readOnlyHint: false, destructiveHint: t.name === 'breakfix_runCheck', idempotentHint: false, openWorldHint: false }
      : { title: t.displayName, readOnlyHint: true, openWorldHint: false },
  }));
}

export interface McpHost {
  server: Server;
  /** Resolves once every tool call in flight has ended (a stop waits for a cancelled check to revert its faults). */
  settled(): Promise<void>;
}

export function mcpServer(opts: McpServerOptions): McpHost {
  const inFlight = new Set<Promise<unknown>>();
  const server = new Server(
    { name: 'breakfix', title: 'Break/Fix Labs', version: packageVersion() },
    {
      capabilities: { tools: {}, resources: {} },
      instructions: `Break/Fix Labs: the learner runs a real system, breaks it with faults and fixes its code until a checker's thresholds pass. Call labSpec first. Explain from the evidence (metrics, logs, check reports); never write the fix.`,
    },
  );
  /** What one request's tool calls run with: trusted (the user started this server), cancelled with the request or the server. */
  const deps = (signal: AbortSignal, progress: (line: string) => void): AiDeps => ({
    catalogue: opts.catalogue,
    workspaceDir: opts.workspaceDir,
    trusted: true,
    signal: opts.signal ? AbortSignal.any([opts.signal, signal]) : signal,
    env: opts.env,
    async runCheck(entry, checkSignal) {
      const log = (line: string) => (opts.log(`[${entry.lab.id} check] ${line}`), progress(line));
      const run = await checkAndRecord(entry, { workspaceDir: opts.workspaceDir, mode: 'quick', log, signal: checkSignal, env: opts.env });
      for (const w of run.warnings) log(`warning: ${w}`);
      if (run.attempt) log(`attempt ${run.attempt.n} recorded (${run.attempt.verdict})`);
      return run.report;
    },
  });

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: mcpTools() }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = AI_TOOLS.find((t) => mcpName(t) === request.params.name);
    if (!tool) throw invalidParams(`unknown tool "${request.params.name}". Break/Fix's tools: ${AI_TOOLS.map(mcpName).join(', ')}.`);
    // A client that asked for progress hears each line of a long call (a check), which also keeps its timeout from running out.
    const token = request.params._meta?.progressToken;
    let n = 0;
    const progress = (message: string) => {
      if (token !== undefined) void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++n, message } }).catch(() => undefined);
    };
    const t0 = Date.now();
    const call = runAiTool(tool.name, request.params.arguments ?? {}, deps(extra.signal, progress));
    inFlight.add(call);
    const answer = await call.finally(() => inFlight.delete(call));
    opts.log(`${mcpName(tool)}${answer.lab ? ` (${answer.lab})` : ''}: ${answer.ok ? 'ok' : 'refused or failed'} in ${Date.now() - t0} ms`);
    return { content: [{ type: 'text', text: answer.text }], ...(answer.ok ? {} : { isError: true }) };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: (await opts.catalogue()).labs.flatMap(({ lab }) =>
      RESOURCES.map((r) => ({ uri: `breakfix://labs/${lab.id}/${r.path}`, name: `${lab.id}/${r.path}`, title: `${lab.title}: ${r.what}`, mimeType: r.mimeType })),
    ),
  }));

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: RESOURCES.map((r) => ({ uriTemplate: `breakfix://labs/{lab}/${r.path}`, name: `lab ${r.what}`, title: `A lab's ${r.what}`, mimeType: r.mimeType })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const uri = request.params.uri;
    const m = /^breakfix:\/\/labs\/([^/]+)\/(.+)$/.exec(uri);
    const resource = m && RESOURCES.find((r) => r.path === m[2]);
    if (!m || !resource) throw invalidParams(`unknown resource ${uri}: Break/Fix's resources are ${RESOURCES.map((r) => `breakfix://labs/<lab>/${r.path}`).join(' and ')}.`);
    // Read through the tool, so the guards (an assessment, the secret screen) apply to resources too.
    const answer = await runAiTool(resource.tool, { lab: decodeURIComponent(m[1]) }, deps(extra.signal, () => undefined));
    if (!answer.ok) throw invalidParams(answer.text);
    return { contents: [{ uri, mimeType: resource.mimeType, text: answer.text }] };
  });

  return { server, settled: async () => void (await Promise.allSettled([...inFlight])) };
}

/** A JSON-RPC "invalid params" error whose message is ours alone (McpError would prefix "MCP error -32602:" once more). */
function invalidParams(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0'; // run from source (tests): there is no package.json beside the bundle
  }
}

export const mcp: CliCommand = {
  name: 'mcp',
  usage: 'mcp [--workspace DIR]',
  summary: "Serve the labs' AI tools and reports to MCP clients (Claude Code, Cursor) on stdio",
  options: { workspace: { type: 'string' } },
  async run(ctx) {
    const workspaceDir = resolveWorkspace(ctx.flags.workspace ? String(ctx.flags.workspace) : undefined);
    const stopping = new AbortController();
    const { server, settled } = mcpServer({ catalogue: ctx.catalogue, workspaceDir, log: ctx.err, signal: stopping.signal });
    let done: (code: number) => void;
    const stopped = new Promise<number>((r) => (done = r));
    let once = false;
    const stop = async (why: string) => {
      if (once) return;
      once = true;
      ctx.err(`breakfix mcp: stopping (${why}); healing the faults it injected.`);
      stopping.abort(new Error(`the MCP server is stopping (${why})`));
      await Promise.race([settled(), new Promise((r) => setTimeout(r, 60_000))]);
      await healPending();
      await server.close().catch(() => undefined);
      done(0);
    };
    process.stdin.once('end', () => void stop('stdin closed'));
    process.stdin.once('close', () => void stop('stdin closed'));
    process.stdout.on('error', () => void stop('stdout closed'));
    ctx.signal.addEventListener('abort', () => void stop('SIGINT'), { once: true });
    const onTerm = () => void stop('SIGTERM');
    process.once('SIGTERM', onTerm);
    await server.connect(new StdioServerTransport());
    ctx.err(`breakfix mcp: serving ${AI_TOOLS.length} tools for the workspace ${workspaceDir} on stdio.`);
    try {
      return await stopped;
    } finally {
      process.off('SIGTERM', onTerm);
    }
  },
};
