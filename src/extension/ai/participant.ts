// The @breakfix chat participant (loaded with app.js on its first request). The core builds each turn
// (coachTurn: the guards, the evidence, the coach's rules); this file picks the model, streams its answer,
// and keeps the Labs tree current after /hint, which reveals and counts a hint exactly like Reveal Hint.
import * as vscode from 'vscode';
import type { CoachCommand } from '../../core/ai/coach';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';
import { NO_MODEL_MESSAGE, USAGE } from './coachText';
import { abortOn, aiDeps } from './tools';

const COMMANDS: readonly string[] = ['explain', 'hint', 'review'];

export async function coachRequest(ctx: Ctx, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const command: CoachCommand = request.command && COMMANDS.includes(request.command) ? (request.command as CoachCommand) : 'ask';
  const { labId, question } = await splitLab(ctx, request.prompt);
  if (command === 'ask' && !question) {
    stream.markdown(USAGE);
    return { metadata: { command } };
  }
  const cancel = abortOn(token);
  try {
    stream.progress(command === 'hint' ? 'Revealing the next hint…' : "Reading the lab's evidence…");
    const turn = await loadCore().coachTurn(command, question, { ...aiDeps(ctx, cancel.signal), labId });
    if (command === 'hint') {
      ctx.log.info(`[ai] @breakfix /hint${turn.lab ? ` (${turn.lab})` : ''}`);
      await ctx.refreshProgress(); // the Labs tree's hint count, as after Reveal Hint
    }
    if (turn.say) stream.markdown(`${turn.say}\n\n`);
    if (!turn.prompt || token.isCancellationRequested) return { metadata: { command, lab: turn.lab } };
    const model = await pickModel(request);
    if (!model) {
      stream.markdown(NO_MODEL_MESSAGE);
      return { metadata: { command, lab: turn.lab, noModel: true } };
    }
    try {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(turn.prompt)], { justification: 'Break/Fix Labs explains your lab from its measured evidence.' }, token);
      for await (const chunk of response.text) stream.markdown(chunk);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log.warn(`[ai] @breakfix ${command}: the model failed: ${message}`);
      stream.markdown(`The language model (${model.name}) could not answer: ${message}`);
      return { metadata: { command, lab: turn.lab, modelError: message } };
    }
    return { metadata: { command, lab: turn.lab } };
  } finally {
    cancel.dispose();
  }
}

/** The model picked in the chat view, else any model this VS Code offers, else none. */
async function pickModel(request: vscode.ChatRequest): Promise<vscode.LanguageModelChat | undefined> {
  if ((request as { model?: vscode.LanguageModelChat }).model) return request.model;
  if (typeof vscode.lm?.selectChatModels !== 'function') return undefined;
  return (await vscode.lm.selectChatModels().then(undefined, () => []))[0];
}

/** "notification-retry-storm why is p95 high?" → that lab and the question; a first word that is no lab id stays in the question. */
async function splitLab(ctx: Ctx, prompt: string): Promise<{ labId?: string; question: string }> {
  const text = prompt.trim();
  const first = text.split(/\s+/, 1)[0] ?? '';
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(first)) return { question: text };
  const cat = await ctx.ensureCatalogue().catch(() => undefined);
  if (!cat?.labs.some((e) => e.lab.id === first)) return { question: text };
  return { labId: first, question: text.slice(first.length).trim() };
}
