// Activation's part of the AI features: registrations only, forwarding to the extension's code (app.js,
// loaded on first use) like the commands do. Each API is feature-detected, so a host without it (an
// older or a stripped-down VS Code) activates the rest of the extension as usual.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { App } from '../app';
import { registerMcpProvider } from './mcp';
import { AI_TOOL_NAMES, COACH_ID, LAB_STARTED_KEY, TEST_AI_TOOLS_COMMAND, TEST_HOOKS_KEY, testHooksEnabled } from './names';

export function registerAi(context: vscode.ExtensionContext, load: () => App): void {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  const chat = vscode.chat as Partial<typeof vscode.chat> | undefined;
  // The tools' `when`: known before the app loads (the Labs tree keeps it current afterwards, ctx.ts).
  void vscode.commands.executeCommand('setContext', LAB_STARTED_KEY, labStartedHere(context.extensionPath));
  if (typeof lm?.registerTool === 'function') {
    for (const name of AI_TOOL_NAMES) {
      context.subscriptions.push(
        lm.registerTool<Record<string, unknown>>(name, {
          invoke: (options, token) => load().ai.invokeTool(name, options, token),
          prepareInvocation: (options) => load().ai.prepareTool(name, options),
        }),
      );
    }
  }
  if (typeof chat?.createChatParticipant === 'function') {
    const coach = chat.createChatParticipant(COACH_ID, (request, chatContext, stream, token) => load().ai.chat(request, chatContext, stream, token));
    coach.iconPath = vscode.Uri.file(path.join(context.extensionPath, 'media', 'icon.png'));
    context.subscriptions.push(coach);
  }
  const mcp = registerMcpProvider(context);
  if (mcp) context.subscriptions.push(mcp);
  if (testHooksEnabled()) {
    context.subscriptions.push(vscode.commands.registerCommand(TEST_AI_TOOLS_COMMAND, (...args: unknown[]) => load().ai.testAiTools(args[0])));
    void vscode.commands.executeCommand('setContext', TEST_HOOKS_KEY, true);
  }
}

/** A bundled lab has a copy at <workspace>/labs/<id>/ (two directory reads; the extension's own checkout does not count). */
function labStartedHere(extensionPath: string): boolean {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const bundled = path.join(extensionPath, 'labs');
  if (!ws || path.resolve(ws, 'labs') === path.resolve(bundled)) return false;
  try {
    const copies = new Set(fs.readdirSync(path.join(ws, 'labs')));
    return fs.readdirSync(bundled).some((id) => copies.has(id));
  } catch {
    return false;
  }
}
