// The one context object activate() builds and every command, view and poller shares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AssessmentRecord } from '../core/assessment/types';
import type { Catalogue, LabEntry } from '../core/labs/types';
import type { ProgressFile } from '../core/progress/types';
import type { ServiceStatus } from '../core/runtime/types';
import { LAB_STARTED_KEY } from './ai/names';
import { loadCore } from './core';
import { completeStep, keysFromProgress } from './walkthrough';

export interface LabFilter {
  level?: string;
  domain?: string;
}

export interface EngineProblem {
  message: string;
  where?: string;
}

export interface LabsState {
  catalogue?: Catalogue;
  /** Why the catalogue (or the core chunk) could not be loaded. */
  loadError?: string;
  filter: LabFilter;
  /** Lab id -> services of its Compose project; only labs with containers are present. */
  running: Map<string, ServiceStatus[]>;
  passed: Set<string>;
  /** The workspace's .breakfix/progress.json (empty without a workspace folder). */
  progress?: ProgressFile;
  /** Why progress.json could not be read, when it could not. */
  progressError?: string;
  /** Labs whose copy exists at <workspace>/labs/<id>/. */
  started: Set<string>;
  /** The lab the Notes view shows (selected in the Labs tree). */
  notesLab?: string;
  /** Set when the last Docker call found no engine; cleared by the next success. */
  engine?: EngineProblem;
  /** The workspace's .breakfix/assessment.json (running or last run), kept by assessmentWatch.ts. */
  assessment?: AssessmentRecord;
}

const FILTER_KEY = 'breakfix.filter';

export class Ctx implements vscode.Disposable {
  readonly state: LabsState;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever state changes; listeners debounce as they need. */
  readonly onDidChange = this.changed.event;
  private loading?: Promise<void>;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.state = {
      filter: extension.workspaceState.get<LabFilter>(FILTER_KEY) ?? {},
      running: new Map(),
      passed: new Set(),
      started: new Set(),
    };
  }

  /** Bundled labs: the checker and the stacks use these definitions. */
  get labsDir(): string {
    return path.join(this.extension.extensionPath, 'labs');
  }

  get workspaceDir(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  /** Registers disposables with the extension's lifetime. */
  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  notify(): void {
    this.changed.fire();
  }

  /** Loads the catalogue once (this loads the core chunk); reload() forgets it. */
  async ensureCatalogue(): Promise<Catalogue | undefined> {
    if (!this.state.catalogue && !this.state.loadError) {
      this.loading ??= this.load().finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.state.catalogue;
  }

  reload(): void {
    this.state.catalogue = undefined;
    this.state.loadError = undefined;
    this.notify();
  }

  findLab(labId: string): LabEntry | undefined {
    return this.state.catalogue?.labs.find((e) => e.lab.id === labId);
  }

  setFilter(filter: LabFilter): void {
    this.state.filter = filter;
    void this.extension.workspaceState.update(FILTER_KEY, filter);
    void vscode.commands.executeCommand('setContext', 'breakfix.filtered', !!(filter.level || filter.domain));
    this.notify();
  }

  setRunning(labId: string, services: ServiceStatus[]): void {
    const running = new Map(this.state.running);
    if (services.length) running.set(labId, services);
    else running.delete(labId);
    this.replaceRunning(running);
  }

  /** Replaces the whole running map; notifies only when something changed. */
  replaceRunning(running: Map<string, ServiceStatus[]>): void {
    const key = (m: Map<string, ServiceStatus[]>) => JSON.stringify([...m].sort(([a], [b]) => a.localeCompare(b)));
    if (key(running) === key(this.state.running)) return;
    this.state.running = running;
    void vscode.commands.executeCommand('setContext', 'breakfix.anyRunning', running.size > 0);
    this.notify();
  }

  /** Re-reads the progress store and which labs are started (after a command, or when progress.json changes). */
  async refreshProgress(): Promise<void> {
    if (!this.state.catalogue) return;
    await this.readProgress();
    this.notify();
  }

  setNotesLab(labId: string | undefined): void {
    if (this.state.notesLab === labId) return;
    this.state.notesLab = labId;
    this.notify();
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** Read-only (a corrupt file reads as empty with a warning; a writer moves it aside). */
  private async readProgress(): Promise<void> {
    const ws = this.workspaceDir;
    const labs = this.state.catalogue?.labs ?? [];
    // The extension's own checkout opened as the workspace holds the bundled labs, not copies.
    const copies = ws && path.resolve(ws, 'labs') !== path.resolve(this.labsDir) ? path.join(ws, 'labs') : undefined;
    this.state.started = new Set(labs.filter((e) => copies && fs.existsSync(path.join(copies, e.lab.id))).map((e) => e.lab.id));
    // The AI tools' `when` clause (package.json), first set at activation (ai/register.ts).
    void vscode.commands.executeCommand('setContext', LAB_STARTED_KEY, this.state.started.size > 0);
    if (!ws) {
      this.state.progress = undefined;
      this.state.passed = new Set();
      return;
    }
    try {
      const { progress, warnings } = await loadCore().readProgress(ws);
      for (const w of warnings) this.log.warn(w);
      this.state.progress = progress;
      this.state.progressError = warnings[0];
    } catch (err) {
      this.state.progressError = err instanceof Error ? err.message : String(err);
      this.log.error(`Could not read the progress of ${ws}: ${this.state.progressError}`);
    }
    const labsProgress = this.state.progress?.labs ?? {};
    this.state.passed = new Set(Object.keys(labsProgress).filter((id) => ['fixed', 'written-up'].includes(labsProgress[id].status)));
    for (const key of keysFromProgress(this.state.progress, this.state.started)) completeStep(key);
  }

  private async load(): Promise<void> {
    try {
      const core = loadCore();
      const catalogue = await core.loadCatalogue(this.labsDir);
      this.state.catalogue = catalogue;
      await this.readProgress();
      this.log.info(`Loaded ${catalogue.labs.length} labs from ${this.labsDir} (${catalogue.problems.length} problems)`);
      const empty = catalogue.labs.length === 0 && catalogue.problems.length === 0;
      void vscode.commands.executeCommand('setContext', 'breakfix.catalogueEmpty', empty);
    } catch (err) {
      this.state.loadError = err instanceof Error ? err.message : String(err);
      this.log.error(`Could not load the labs from ${this.labsDir}: ${this.state.loadError}`);
    }
    this.notify(); // e.g. the status poller starts at once on a fresh catalogue
  }
}
