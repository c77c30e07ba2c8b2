// breakfix.testAiTools: for the UI end-to-end tests only (registered when the extension host's env has
// BREAKFIX_TEST_HOOKS=1; in the palette only then). It does what another extension or agent mode would:
// lists vscode.lm.tools and calls tools through vscode.lm.invokeTool, so the whole VS Code path runs
// (the contribution, the registration, VS Code's schema check, the extension's invoke). The answers go to
// <workspace>/.breakfix/test-hooks/ai-tools.json, which the test reads, and open in an editor.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export interface ToolCall {
  name: string;
  input?: Record<string, unknown>;
}

export interface TestHookResult {
  /** What each call returned (`json`: its text parsed, when it is JSON, for reading in the editor). */
  calls: { name: string; input: Record<string, unknown>; ok: boolean; ms: number; text: string; json?: unknown }[];
  tools: { name: string; hasSchema: boolean }[];
}

const DEFAULT_CALLS: ToolCall[] = [{ name: 'breakfix_stackStatus' }, { name: 'breakfix_queryMetrics', input: { query: 'up' } }];

export async function testAiTools(ctx: Ctx, arg: unknown): Promise<void> {
  const ws = ctx.workspaceDir;
  if (!ws) {
    void vscode.window.showWarningMessage('Test Hook: open a folder first.');
    return;
  }
  const calls = Array.isArray(arg) ? (arg as ToolCall[]) : await askForCalls();
  if (!calls) return;
  const result: TestHookResult = {
    calls: [],
    tools: vscode.lm.tools.filter((t) => t.name.startsWith('breakfix_')).map((t) => ({ name: t.name, hasSchema: !!t.inputSchema })),
  };
  for (const call of calls) {
    const input = call.input ?? {};
    const t0 = Date.now();
    try {
      const r = await vscode.lm.invokeTool(call.name, { input, toolInvocationToken: undefined });
      const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : JSON.stringify(p))).join('');
      result.calls.push({ name: call.name, input, ok: true, ms: Date.now() - t0, text, json: parsed(text) });
    } catch (err) {
      result.calls.push({ name: call.name, input, ok: false, ms: Date.now() - t0, text: err instanceof Error ? err.message : String(err) });
    }
  }
  const file = path.join(ws, '.breakfix', 'test-hooks', 'ai-tools.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(result, null, 2));
  await fs.rename(`${file}.tmp`, file);
  ctx.log.info(`[test hook] ${result.tools.length} breakfix tools listed, ${result.calls.length} called: ${file}`);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** From the palette: the calls as JSON, e.g. [{"name":"breakfix_stackStatus"}]. */
async function askForCalls(): Promise<ToolCall[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Test Hook: Invoke AI Tools',
    prompt: 'The calls, as JSON: [{"name": "breakfix_…", "input": {…}}, …]',
    value: JSON.stringify(DEFAULT_CALLS),
    validateInput: (v) => {
      try {
        const calls = JSON.parse(v) as unknown;
        return Array.isArray(calls) && calls.every((c) => typeof (c as ToolCall)?.name === 'string') ? undefined : 'An array of {"name", "input"}.';
      } catch (err) {
        return `Not JSON: ${(err as Error).message}`;
      }
    },
  });
  return text === undefined ? undefined : (JSON.parse(text) as ToolCall[]);
}
