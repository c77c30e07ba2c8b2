// Keeps the learner's state current: progress.json changes (any writer: a command, the CLI, another
// window) re-read the store; a saved learner file of a started lab completes the walkthrough's "fix" step.
import { learnerFileMatcher } from '../core/labs/learnerFiles';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { completeStep } from './walkthrough';

const DEBOUNCE_MS = 200;

export class LearnerEvents implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private pending?: ReturnType<typeof setTimeout>;

  constructor(private readonly ctx: Ctx) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.breakfix/progress.json'));
      const changed = () => this.scheduleRefresh();
      this.disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    }
    this.disposables.push(vscode.workspace.onDidSaveTextDocument((doc) => this.saved(doc.uri)));
  }

  private scheduleRefresh(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.ctx.refreshProgress();
    }, DEBOUNCE_MS);
  }

  private saved(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const hit = learnerFileOf(this.ctx, uri.fsPath);
    if (hit) {
      this.ctx.log.info(`Saved ${hit.labId}/${hit.rel}`);
      completeStep('fix');
    }
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}

/** The started lab and learner file (from lab.yaml learnerFiles) that `file` is, if any. */
export function learnerFileOf(ctx: Ctx, file: string): { labId: string; rel: string } | undefined {
  const hit = labFileOf(ctx.workspaceDir, file);
  if (!hit || !ctx.state.started.has(hit.labId)) return undefined;
  const entry = ctx.findLab(hit.labId);
  return entry && learnerFileMatcher(entry.lab.learnerFiles)(hit.rel) ? hit : undefined;
}

/** `<workspace>/labs/<id>/<rel>` → {labId, rel} (rel with `/`); undefined for any other path. */
export function labFileOf(workspaceDir: string | undefined, file: string): { labId: string; rel: string } | undefined {
  if (!workspaceDir) return undefined;
  const rel = path.relative(path.join(workspaceDir, 'labs'), file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [labId, ...rest] = rel.split(path.sep);
  return rest.length ? { labId, rel: rest.join('/') } : undefined;
}
