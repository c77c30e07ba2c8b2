// Polls stackStatus for every lab while the view is visible (never in Restricted Mode).
import * as vscode from 'vscode';
import type { Catalogue } from '../../core/labs/types';
import type { Ctx } from '../ctx';
import { pollRunning } from '../docker';
import { errorMessage, isEngineUnreachable } from '../errors';
import { dockerAllowed } from '../trust';

const TICK_TIMEOUT_MS = 10_000;

export class StatusPoller implements vscode.Disposable {
  private timer?: ReturnType<typeof setInterval>;
  private busy = false;
  private polledCatalogue?: Catalogue;
  private lastError?: string;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly ctx: Ctx,
    private readonly intervalMs = 5_000,
  ) {
    // A freshly loaded catalogue is polled at once, not a full interval later.
    this.sub = ctx.onDidChange(() => {
      if (this.timer && ctx.state.catalogue && ctx.state.catalogue !== this.polledCatalogue) void this.tick();
    });
  }

  setActive(active: boolean): void {
    if (active && !this.timer) {
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      setTimeout(() => void this.tick(), 0);
    } else if (!active && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async tick(): Promise<void> {
    const catalogue = this.ctx.state.catalogue;
    // No catalogue yet means the core chunk is not needed yet either.
    if (this.busy || !this.timer || !catalogue || !dockerAllowed()) return;
    this.busy = true;
    this.polledCatalogue = catalogue;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TICK_TIMEOUT_MS);
    try {
      await pollRunning(this.ctx, catalogue, controller.signal);
      this.lastError = undefined;
    } catch (err) {
      this.onError(err);
    } finally {
      clearTimeout(timeout);
      this.busy = false;
    }
  }

  private onError(err: unknown): void {
    const message = errorMessage(err);
    if (isEngineUnreachable(err)) {
      if (this.ctx.state.engine?.message !== message) this.ctx.state.engine = { message, where: err.where };
      this.ctx.replaceRunning(new Map());
      this.ctx.notify();
    }
    // Logged once per distinct error, not every 5 s.
    if (message !== this.lastError) this.ctx.log.warn(`Status poll failed: ${message}`);
    this.lastError = message;
  }

  dispose(): void {
    this.setActive(false);
    this.sub.dispose();
  }
}
