// The dashboard webview panel: one per lab, opened beside the editor. Builds the HTML (CSP, nonce,
// dist/webview resources only), validates every webview message, and hands them to the session.
import * as vscode from 'vscode';
import type { LabEntry } from '../../../core/labs/types';
import type { Ctx } from '../../ctx';
import { dockerAllowed, requireDocker, RESTRICTED_REASON } from '../../trust';
import { CoreBackend, type DashboardBackend } from './backend';
import { dashboardHtml, makeNonce } from './html';
import { type FaultBand, type HostMessage, parseWebviewMessage, type WindowMinutes } from './protocol';
import { DashboardSession } from './session';
import { maskFaultNames } from './faultMask';
import { lockMessage } from '../../../core/assessment/locks';
import { showLocked } from '../../assessment/locked';

import { VIEW_TYPE } from './viewType';
import { completeStep } from '../../walkthrough';
import { labServices } from '../../labServices';
export { VIEW_TYPE };
const WINDOW_KEY = 'breakfix.dashboard.window';
const bandsKey = (labId: string) => `breakfix.dashboard.bands.${labId}`;

/** Scripts on; resources only from the built webview folder. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

export function setDashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): void {
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  webview.options = webviewOptions(extensionUri);
  webview.html = dashboardHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asset('dashboard.js'),
    styleUri: asset('dashboard.css'),
    codiconUri: asset('codicon.css'),
    title,
  });
}

export function panelTitle(entry: LabEntry): string {
  return `Dashboard: ${entry.lab.title}`;
}

export class DashboardPanel implements vscode.Disposable {
  readonly session: DashboardSession;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Whether fault names were hidden when the webview last loaded. */
  private masked: boolean;

  static create(ctx: Ctx, entry: LabEntry, onDispose: (p: DashboardPanel) => void): DashboardPanel {
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      panelTitle(entry),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...webviewOptions(ctx.extension.extensionUri), retainContextWhenHidden: false },
    );
    const window = ctx.extension.workspaceState.get<WindowMinutes>(WINDOW_KEY) ?? 5;
    return new DashboardPanel(ctx, panel, entry, window, onDispose);
  }

  constructor(
    private readonly ctx: Ctx,
    readonly panel: vscode.WebviewPanel,
    readonly entry: LabEntry,
    window: WindowMinutes,
    private readonly onDispose: (p: DashboardPanel) => void,
    backend: DashboardBackend = new CoreBackend(),
  ) {
    const labId = entry.lab.id;
    const state = ctx.extension.workspaceState;
    const faultIds = entry.lab.faults.map((f) => f.id);
    this.masked = this.namesLocked();
    this.session = new DashboardSession({
      entry,
      backend,
      window,
      post: (msg: HostMessage) => {
        const locked = this.namesLockMessage();
        void panel.webview.postMessage(locked ? maskFaultNames(msg, faultIds, locked) : msg);
      },
      log: ctx.log,
      trusted: dockerAllowed,
      restrictedReason: RESTRICTED_REASON,
      requireDocker,
      executeCommand: (id, ...args) => vscode.commands.executeCommand(id, ...args),
      openFile: (path) => vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), { viewColumn: vscode.ViewColumn.One }),
      bands: {
        load: () => state.get<FaultBand[]>(bandsKey(labId)) ?? [],
        save: (bands) => void state.update(bandsKey(labId), bands),
      },
      onStatus: (services) => ctx.setRunning(labId, services),
      onWindow: (w) => void state.update(WINDOW_KEY, w),
      onFaultVerified: () => completeStep('broken'),
      declaredServices: () => labServices(entry),
    });
    let wasRunning = ctx.state.running.has(labId);
    panel.title = panelTitle(entry);
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'breakfix.svg');
    setDashboardHtml(panel.webview, ctx.extension.extensionUri, panelTitle(entry));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // retainContextWhenHidden is off: a hidden webview is destroyed. Polling stops; the next
      // `ready` (when shown again) replays the host buffer and resumes.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.session.detach();
      }),
      panel.onDidDispose(() => this.dispose()),
      ctx.onDidChange(() => {
        // Stopped (from the tree, the status bar) while the dashboard is hidden and not polling: its faults end now.
        const running = ctx.state.running.has(labId);
        if (wasRunning && !running) this.session.stackStopped();
        wasRunning = running;
        // An assessment of the lab started or ended: the webview loads again and gets what it may now show.
        if (this.namesLocked() === this.masked) return;
        this.masked = this.namesLocked();
        this.session.detach();
        setDashboardHtml(panel.webview, ctx.extension.extensionUri, panelTitle(entry));
      }),
    );
  }

  /** The running assessment of this lab hides fault names (core/assessment/locks.ts is the rule). */
  private namesLocked(): boolean {
    return !!this.namesLockMessage();
  }

  private namesLockMessage(): string | undefined {
    return lockMessage(this.ctx.state.assessment, this.entry.lab.id, 'fault-names');
  }

  private receive(raw: unknown): void {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.ctx.log.warn(`Dashboard ${this.entry.lab.id}: ignored a malformed message from the webview: ${safeJson(raw)}`);
      return;
    }
    const faultsLocked = (msg.type === 'injectFault' || msg.type === 'revertFault') && lockMessage(this.ctx.state.assessment, this.entry.lab.id, 'faults');
    if (faultsLocked) return showLocked(msg.type === 'injectFault' ? 'Inject Fault' : 'Revert Fault', faultsLocked);
    this.session.handle(msg).catch((err: unknown) => {
      this.ctx.log.error(`Dashboard ${this.entry.lab.id}: ${msg.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDispose(this);
  }
}

/** A restored panel whose lab cannot be found: it says so instead of staying blank. */
export function showDashboardError(ctx: Ctx, panel: vscode.WebviewPanel, message: string): vscode.Disposable {
  setDashboardHtml(panel.webview, ctx.extension.extensionUri, 'Break/Fix Dashboard');
  const sub = panel.webview.onDidReceiveMessage((raw: unknown) => {
    if (parseWebviewMessage(raw)?.type === 'ready') void panel.webview.postMessage({ type: 'error', message } satisfies HostMessage);
  });
  panel.onDidDispose(() => sub.dispose());
  return sub;
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x);
  }
}
