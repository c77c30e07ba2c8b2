// The workspace's assessment record (.breakfix/assessment.json) as the extension sees it: read on a file
// watcher and every few seconds while one runs, kept in ctx.state.assessment, and mirrored in the context
// keys `breakfix.assessing` (one runs), `breakfix.hasAssessment` (one ran here) and `breakfix.reportReady`
// (its report may be shown). The core chunk loads only once the file exists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportLockMessage } from '../../core/assessment/locks';
import type { AssessmentRecord } from '../../core/assessment/types';
import { assessmentPath } from '../../core/workspace/paths';
import { loadCore } from '../core';
import type { Ctx } from '../ctx';

/** While an assessment runs, the record is re-read this often (the driver writes to it: the auto-submit). */
export const REREAD_MS = 5_000;

export class AssessmentWatch implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setInterval>;
  private reading?: Promise<void>;
  private last = '';
  /** The first read (the view waits for it before its first rows). */
  readonly ready: Promise<void>;

  constructor(private readonly ctx: Ctx) {
    const ws = ctx.workspaceDir;
    if (ws) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(ws, '.breakfix/assessment.json'));
      const reread = () => void this.refresh();
      this.disposables.push(watcher, watcher.onDidChange(reread), watcher.onDidCreate(reread), watcher.onDidDelete(reread));
    }
    this.ready = this.refresh();
  }

  /** Reads the record now (commands call this after they changed it). */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    const ws = this.ctx.workspaceDir;
    let record: AssessmentRecord | undefined;
    if (ws && fs.existsSync(assessmentPath(ws))) {
      try {
        const r = await loadCore().readAssessment(ws);
        for (const w of r.warnings) this.ctx.log.warn(w);
        record = r.record;
      } catch (err) {
        this.ctx.log.warn(`Could not read ${path.join('.breakfix', 'assessment.json')}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    this.setTimer(!!record && !record.endedAt);
    const key = JSON.stringify(record ?? null);
    if (key === this.last) return;
    this.last = key;
    this.ctx.state.assessment = record;
    void vscode.commands.executeCommand('setContext', 'breakfix.assessing', !!record && !record.endedAt);
    void vscode.commands.executeCommand('setContext', 'breakfix.hasAssessment', !!record);
    // The report names the hidden incident: offered once the assessment is in its postmortem phase or ended.
    void vscode.commands.executeCommand('setContext', 'breakfix.reportReady', !!record && !reportLockMessage(record));
    this.ctx.notify();
  }

  private setTimer(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => void this.refresh(), REREAD_MS);
    if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.setTimer(false);
    for (const d of this.disposables) d.dispose();
  }
}

const watches = new WeakMap<Ctx, AssessmentWatch>();

/** The context's assessment watch, created on first use (app.ts creates it at start). */
export function assessmentWatch(ctx: Ctx): AssessmentWatch {
  let w = watches.get(ctx);
  if (!w) {
    w = new AssessmentWatch(ctx);
    watches.set(ctx, w);
    ctx.push(w);
  }
  return w;
}

/** A line in the running assessment's timeline (a no-op when none runs); never fails the command. */
export function logAssessmentEvent(ctx: Ctx, kind: 'stack' | 'dashboard', detail: string): void {
  const ws = ctx.workspaceDir;
  if (!ws || !ctx.state.assessment || ctx.state.assessment.endedAt) return;
  void loadCore()
    .logEvent(ws, kind, detail)
    .catch((err: unknown) => ctx.log.warn(`The assessment timeline did not get "${detail}": ${err instanceof Error ? err.message : String(err)}`));
}

/** The incident driver's command line as the extension starts it: the shipped dist/driver.js and the bundled labs. */
export function driverArgv(ctx: Ctx, workspaceDir: string): string[] {
  return [path.join(ctx.extension.extensionPath, 'dist', 'driver.js'), workspaceDir, ctx.labsDir];
}
