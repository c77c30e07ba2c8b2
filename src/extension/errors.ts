// Turns a failed command into one message with a next step.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

export const DOCKER_DOCS = 'https://docs.docker.com/get-started/get-docker/';

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isCancelled(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err instanceof Error && err.name === 'AbortError');
}

/** Matched by name: the error class lives in the lazily loaded core chunk. */
export function isEngineUnreachable(err: unknown): err is Error & { where?: string } {
  return err instanceof Error && err.name === 'EngineUnreachableError';
}

export function reportError(ctx: Ctx, what: string, err: unknown, signal?: AbortSignal): void {
  if (isCancelled(err, signal)) {
    ctx.log.info(`${what}: cancelled`);
    void vscode.window.showInformationMessage(`${what} cancelled.`);
    return;
  }
  const message = errorMessage(err);
  ctx.log.error(`${what} failed: ${message}`);
  if (isEngineUnreachable(err)) {
    if (ctx.state.engine?.message !== message) {
      ctx.state.engine = { message, where: err.where };
      ctx.notify();
    }
    void vscode.window.showErrorMessage(message, 'Run Doctor', 'Open Docs').then((pick) => {
      if (pick === 'Run Doctor') void vscode.commands.executeCommand('breakfix.runDoctor');
      if (pick === 'Open Docs') void vscode.env.openExternal(vscode.Uri.parse(DOCKER_DOCS));
    });
    return;
  }
  void vscode.window.showErrorMessage(`${what} failed: ${message}`, 'Show Output').then((pick) => {
    if (pick === 'Show Output') ctx.log.show(true);
  });
}

/** A Docker call succeeded: the engine is reachable again. */
export function engineReachable(ctx: Ctx): void {
  if (!ctx.state.engine) return;
  ctx.state.engine = undefined;
  ctx.notify();
}
