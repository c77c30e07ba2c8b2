// The language-model tools' implementation (loaded with app.js on a tool's first call): every call goes
// to the core's runAiTool, which applies the guards (Workspace Trust, an assessment, the input schema, the
// bounds, the secret screen). This file only passes the extension's view of the world through: the
// catalogue, the workspace, vscode.workspace.isTrusted, the cancellation, and Run Check's own path.
import * as vscode from 'vscode';
import type { AiDeps } from '../../core/ai/run';
import { engineEnv } from '../config';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { checkLab, showCheckSummary } from '../labCheck';

/** What the core needs from the extension for one AI call. */
export function aiDeps(ctx: Ctx, signal?: AbortSignal): AiDeps {
  return {
    catalogue: async () => {
      const cat = await ctx.ensureCatalogue();
      if (!cat) throw new Error(`the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
      return cat;
    },
    workspaceDir: ctx.workspaceDir,
    trusted: vscode.workspace.isTrusted,
    signal,
    env: engineEnv(),
    runCheck: async (entry, checkSignal) => {
      const workspaceDir = ctx.workspaceDir;
      if (!workspaceDir) throw new Error('open a folder first: run reports are written to its .breakfix/ folder');
      const report = await checkLab(ctx, entry, { mode: 'quick', workspaceDir, signal: checkSignal, by: 'asked by an AI tool' });
      void showCheckSummary(report);
      return report;
    },
  };
}

/** An AbortSignal that aborts when the token is cancelled (and a dispose for the listener). */
export function abortOn(token: vscode.CancellationToken | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  const sub = token?.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub?.dispose() };
}

/** Faults an AI tool injected: healed when the extension stops (healPending). */
let injected = false;

export async function invokeTool(ctx: Ctx, name: string, options: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const cancel = abortOn(token);
  try {
    const answer = await loadCore().runAiTool(name, options.input, aiDeps(ctx, cancel.signal));
    ctx.log.info(`[ai] ${name}${answer.lab ? ` (${answer.lab})` : ''}: ${answer.ok ? `${answer.text.length} characters` : `refused: ${answer.text.split('\n')[0]}`}`);
    if (name === 'breakfix_injectFault' && answer.ok) injected = true;
    if (name === 'breakfix_injectFault' || name === 'breakfix_runCheck') ctx.notify(); // the tree and the status bar poll again
    // VS Code's advice for tools: an error, with a message that makes sense to the model, says what went wrong.
    if (!answer.ok) throw new Error(answer.text);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
  } finally {
    cancel.dispose();
  }
}

/** The progress line of every call, and a confirmation for the actions (the core's wording). */
export function prepareTool(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): vscode.PreparedToolInvocation {
  const core = loadCore();
  const input = options.input ?? {};
  const tool = core.aiTool(name);
  const lab = typeof input.lab === 'string' ? ` (${input.lab})` : '';
  const confirm = core.confirmation(name, input);
  return {
    invocationMessage: `${tool?.displayName ?? name}${lab}`,
    ...(confirm ? { confirmationMessages: { title: confirm.title, message: new vscode.MarkdownString(confirm.message) } } : {}),
  };
}

/** On deactivation: heal the faults an AI tool injected that have not healed yet. */
export async function healInjected(): Promise<void> {
  if (injected) await loadCore().healPending();
}
