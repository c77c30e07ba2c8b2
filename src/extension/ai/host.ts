// The AI features' side of the App (app.ts): what activation's registrations (ai/register.ts) forward to.
import type * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { coachRequest } from './participant';
import { testAiTools } from './testHooks';
import { healInjected, invokeTool, prepareTool } from './tools';

export interface AiHost {
  invokeTool(name: string, options: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult>;
  prepareTool(name: string, options: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): vscode.PreparedToolInvocation;
  chat(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult>;
  testAiTools(arg: unknown): Promise<void>;
  /** Heals the faults an AI tool injected that have not healed yet. */
  deactivate(): Promise<void>;
}

export function aiHost(ctx: Ctx): AiHost {
  return {
    invokeTool: (name, options, token) => invokeTool(ctx, name, options, token),
    prepareTool: (name, options) => prepareTool(name, options),
    chat: (request, _context, stream, token) => coachRequest(ctx, request, stream, token),
    testAiTools: (arg) => testAiTools(ctx, arg),
    deactivate: () => healInjected(),
  };
}
