// All open dashboards (one per lab), their restore after a reload (main.ts registers the serializer),
// and the entry point for the checker: postCheck(labId, …).
import * as vscode from 'vscode';
import type { LabEntry } from '../../../core/labs/types';
import type { Ctx } from '../../ctx';
import { DashboardPanel, showDashboardError } from './panel';
import type { CheckMessage } from './check';
import { isWebviewPersistedState } from './protocol';
import { completeStep } from '../../walkthrough';
import { assessmentWatch } from '../../assessment/watch';

export class DashboardManager implements vscode.Disposable {
  private readonly panels = new Map<string, DashboardPanel>();
  /** The last checker message per lab, for a dashboard opened after it was sent. */
  private readonly lastCheck = new Map<string, CheckMessage>();

  constructor(private readonly ctx: Ctx) {}

  /** Opens the lab's dashboard beside the editor, or reveals it. */
  open(entry: LabEntry): DashboardPanel {
    const open = this.panels.get(entry.lab.id);
    if (open) {
      open.reveal();
      return open;
    }
    return this.track(DashboardPanel.create(this.ctx, entry, (p) => this.forget(p)));
  }

  get(labId: string): DashboardPanel | undefined {
    return this.panels.get(labId);
  }

  /**
   * Checker progress and results for a lab's dashboard. The checker command calls this; nothing
   * happens when no dashboard is open except that the message is kept for the next one.
   */
  postCheck(labId: string, msg: CheckMessage): void {
    this.lastCheck.set(labId, msg);
    this.panels.get(labId)?.session.postCheck(msg);
  }

  /** Restores a dashboard VS Code kept across a reload (its webview state names the lab). */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isWebviewPersistedState(state)) {
      showDashboardError(this.ctx, panel, 'This dashboard could not be restored. Open it again with "Break/Fix: Open Dashboard".');
      return;
    }
    const catalogue = await this.ctx.ensureCatalogue();
    // A running assessment hides fault names from its first message on (panel.ts): know it before the webview loads.
    await assessmentWatch(this.ctx).ready;
    const entry = catalogue && this.ctx.findLab(state.labId);
    if (!entry) {
      const why = catalogue ? `there is no lab "${state.labId}" any more` : `the labs could not be loaded: ${this.ctx.state.loadError ?? 'unknown error'}`;
      showDashboardError(this.ctx, panel, `This dashboard could not be restored: ${why}.`);
      return;
    }
    const existing = this.panels.get(entry.lab.id);
    if (existing) {
      // Two restored panels of one lab: keep the first.
      panel.dispose();
      existing.reveal();
      return;
    }
    this.track(new DashboardPanel(this.ctx, panel, entry, state.window, (p) => this.forget(p)));
  }

  private track(p: DashboardPanel): DashboardPanel {
    this.panels.set(p.entry.lab.id, p);
    completeStep('dashboard');
    const check = this.lastCheck.get(p.entry.lab.id);
    if (check) p.session.postCheck(check);
    return p;
  }

  private forget(p: DashboardPanel): void {
    if (this.panels.get(p.entry.lab.id) === p) this.panels.delete(p.entry.lab.id);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

const managers = new WeakMap<Ctx, DashboardManager>();

/** The context's dashboard manager, created on first use. (main.ts registers the serializer.) */
export function dashboards(ctx: Ctx): DashboardManager {
  let m = managers.get(ctx);
  if (!m) {
    m = new DashboardManager(ctx);
    managers.set(ctx, m);
    ctx.push(m);
  }
  return m;
}
