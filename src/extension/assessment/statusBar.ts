// The assessment's countdown in the status bar while one runs: computed every second from the deadline in
// the record the watch keeps (no file read per tick). Clicking it shows the Assessment view.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { countdownView } from './countdown';

/** VS Code's own command for a view: focus it (and open its container). */
export const FOCUS_ASSESSMENT_VIEW = 'breakfix.assessment.focus';

export class AssessmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('breakfix.assessment', vscode.StatusBarAlignment.Left, 60);
  private readonly sub: vscode.Disposable;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly ctx: Ctx,
    private readonly now: () => number = Date.now,
  ) {
    this.item.name = 'Break/Fix Labs: assessment countdown';
    this.item.command = FOCUS_ASSESSMENT_VIEW;
    this.sub = ctx.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const view = countdownView(this.ctx.state.assessment, this.now());
    if (!view) {
      this.tick(false);
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.up ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.tick(true);
  }

  private tick(on: boolean): void {
    if (on && !this.timer) this.timer = setInterval(() => this.update(), 1000);
    if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.tick(false);
    this.sub.dispose();
    this.item.dispose();
  }
}
