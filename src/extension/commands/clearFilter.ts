// breakfix.clearFilter: show every lab again.
import * as vscode from 'vscode';
import type { CommandFactory } from './types';

export const clearFilter: CommandFactory = (ctx) => async () => {
  const { level, domain } = ctx.state.filter;
  if (!level && !domain) {
    void vscode.window.showInformationMessage('Clear Filter: no filter is set; every lab is shown.');
    return;
  }
  ctx.setFilter({});
};
