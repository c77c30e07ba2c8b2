// One call of an AI tool, for every host (the VS Code tools, the MCP server, the @breakfix participant):
// guards first (trust, assessment, input), then the tool with its time bound, then the output bounded and
// screened for secrets. A failure is an answer with ok: false and a message that says what to do.
import type { RunReport } from '../checker/types';
import { findLab } from '../labs/catalogue';
import { closest } from '../labs/suggest';
import type { Catalogue, LabEntry } from '../labs/types';
import { stackStatus } from '../runtime/stack';
import { hasLabCopy } from '../workspace/paths';
import { injectFaultText, labSpec, lastCheck, logsText, queryMetrics, runCheckText, stackStatusText } from './evidence';
import { aiRefusal, bounded, inputProblems, MAX_OUTPUT_CHARS, screened } from './guard';
import { AI_TOOLS, aiTool, type AiToolSpec } from './tools';

export interface AiDeps {
  catalogue(): Promise<Catalogue>;
  /** The learner's workspace (progress, reports, an assessment); undefined: none is open. */
  workspaceDir?: string;
  /** Workspace Trust (VS Code's; a CLI or MCP host the user started is trusted). */
  trusted: boolean;
  signal?: AbortSignal;
  /** Runs a check of the learner's files and records it, the way the host does (breakfix_runCheck). */
  runCheck?(entry: LabEntry, signal: AbortSignal): Promise<RunReport>;
  /** The environment the engine and Compose are found with (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface AiAnswer {
  ok: boolean;
  text: string;
  /** The lab the call was about, when it got that far. */
  lab?: string;
}

/** The lab a call is about: the one named, else the only one running, else the only one started in the workspace. */
export async function resolveAiLab(id: string | undefined, deps: AiDeps): Promise<LabEntry> {
  const cat = await deps.catalogue();
  const ids = cat.labs.map((l) => l.lab.id);
  if (id) {
    const entry = findLab(cat, id);
    if (entry) return entry;
    const guess = closest(id, ids);
    throw new Error(`unknown lab "${id}".${guess ? ` Did you mean "${guess}"?` : ''} Known labs: ${ids.join(', ') || '(none)'}.`);
  }
  const running: LabEntry[] = [];
  for (const entry of cat.labs) {
    const services = await stackStatus(entry, { signal: deps.signal, env: deps.env, timeoutMs: 5_000 }).catch(() => []);
    if (services.length) running.push(entry);
  }
  if (running.length === 1) return running[0];
  const ws = deps.workspaceDir;
  const started = ws ? cat.labs.filter((e) => hasLabCopy(e, ws)) : [];
  if (!running.length && started.length === 1) return started[0];
  const among = running.length ? `${running.map((e) => e.lab.id).join(' and ')} are running` : started.length ? `${started.map((e) => e.lab.id).join(', ')} are started` : 'no lab is running or started';
  throw new Error(`say which lab: ${among}. Pass "lab", one of: ${ids.join(', ')}.`);
}

export async function runAiTool(name: string, input: unknown, deps: AiDeps): Promise<AiAnswer> {
  const tool = aiTool(name);
  if (!tool) return { ok: false, text: `unknown tool "${name}". Break/Fix's tools: ${AI_TOOLS.map((t) => t.name).join(', ')}.` };
  const refusal = await aiRefusal(deps);
  if (refusal) return { ok: false, text: refusal };
  const problems = inputProblems(tool, input);
  if (problems.length) return { ok: false, text: `${tool.name}: ${problems.join('; ')}.` };
  const args = (input ?? {}) as Record<string, unknown>;
  let entry: LabEntry;
  try {
    entry = await resolveAiLab(args.lab as string | undefined, deps);
  } catch (err) {
    return { ok: false, text: `${tool.name}: ${(err as Error).message}` };
  }
  const timeout = AbortSignal.timeout(tool.timeoutMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  let text: string;
  let ok = true;
  try {
    text = await call(tool, entry, args, deps, signal);
  } catch (err) {
    ok = false;
    const why = timeout.aborted ? `no answer within ${tool.timeoutMs / 1000} s` : (err as Error).message;
    text = `${tool.name} (${entry.lab.id}): ${why}`;
  }
  const max = tool.name === 'breakfix_labSpec' ? 24_000 : MAX_OUTPUT_CHARS;
  const safe = await screened(bounded(text, max), entry, deps.workspaceDir);
  return { ok: ok && !safe.withheld, text: safe.text, lab: entry.lab.id };
}

function call(tool: AiToolSpec, entry: LabEntry, args: Record<string, unknown>, deps: AiDeps, signal: AbortSignal): Promise<string> {
  switch (tool.name) {
    case 'breakfix_labSpec':
      return labSpec(entry, deps);
    case 'breakfix_stackStatus':
      return stackStatusText(entry, deps, signal);
    case 'breakfix_queryMetrics':
      return queryMetrics(entry, args as { query: string; rangeSeconds?: number }, deps, signal);
    case 'breakfix_lastCheck':
      return lastCheck(entry, deps);
    case 'breakfix_logs':
      return logsText(entry, args as { service: string; lines?: number }, deps, signal);
    case 'breakfix_injectFault':
      return injectFaultText(entry, args as { fault: string; seconds?: number }, deps, signal);
    case 'breakfix_runCheck':
      return runCheckText(entry, deps, signal);
    default:
      throw new Error(`no runner for ${tool.name}`);
  }
}

/** What the user is asked before an action tool runs (undefined: it is not an action). */
export function confirmation(name: string, input: Record<string, unknown>): { title: string; message: string } | undefined {
  const tool = aiTool(name);
  if (!tool?.action) return undefined;
  const lab = typeof input.lab === 'string' ? input.lab : 'the running lab';
  const message =
    name === 'breakfix_injectFault'
      ? `Inject ${String(input.fault)} into ${lab}, and heal it after ${Number(input.seconds ?? 60)} s?`
      : `Run the check of ${lab} on your files? It replays load and faults against the lab's stack (1–4 minutes) and records an attempt.`;
  return { title: tool.action.confirmTitle, message };
}
