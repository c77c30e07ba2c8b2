// The one context object activate() builds and every command, view and poller shares.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Catalogue, LabEntry } from '../core/labs/types';
import type { ServiceStatus } from '../core/runtime/types';
import { loadCore } from './core';

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
  /** Set when the last Docker call found no engine; cleared by the next success. */
  engine?: EngineProblem;
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

  dispose(): void {
    this.changed.dispose();
  }

  private async load(): Promise<void> {
    try {
      const core = loadCore();
      const catalogue = await core.loadCatalogue(this.labsDir);
      const passed = new Set<string>();
      await Promise.all(
        catalogue.labs.map(async (e) => {
          const status = await core.readLabStatus(this.workspaceDir, e.lab.id).catch(() => 'not-started');
          if (status === 'passed') passed.add(e.lab.id);
        }),
      );
      this.state.catalogue = catalogue;
      this.state.passed = passed;
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
