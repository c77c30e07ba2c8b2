// Status bar item for the running lab stack(s); hidden when nothing runs.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { labServices } from './labServices';
import { healthSummary } from './stackHealth';

export class StackStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('breakfix.stack', vscode.StatusBarAlignment.Left, 50);
  private readonly sub: vscode.Disposable;

  constructor(private readonly ctx: Ctx) {
    this.item.name = 'Break/Fix Labs: running stack';
    this.item.command = 'breakfix.showStackActions';
    this.sub = ctx.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const running = [...this.ctx.state.running];
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    const lines = running.map(([id, services]) => {
      const entry = this.ctx.findLab(id);
      return `${id}: ${healthSummary(services, entry ? labServices(entry) : [])}`;
    });
    this.item.text = running.length === 1 ? `$(pulse) ${lines[0]}` : `$(pulse) ${running.length} labs running`;
    this.item.tooltip = `${lines.join('\n')}\nClick for stack actions`;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
