// breakfix.showStackActions: what the status bar item opens; actions for a running lab.
import * as vscode from 'vscode';
import { resolveLab } from '../pickLab';
import { labServices } from '../labServices';
import { healthSummary } from '../stackHealth';
import type { CommandFactory } from './types';

export const showStackActions: CommandFactory = (ctx) => async (arg) => {
  const entry = await resolveLab(ctx, arg, { title: 'Stack Actions', runningOnly: true });
  if (!entry) return;
  const id = entry.lab.id;
  const services = ctx.state.running.get(id) ?? [];
  const actions = [
    { label: '$(output) Show Logs', command: 'breakfix.showLogs' },
    { label: '$(book) Show Lab Spec', command: 'breakfix.showLabSpec' },
    { label: '$(debug-stop) Stop Stack', command: 'breakfix.stopStack' },
  ];
  const picked = await vscode.window.showQuickPick(actions, {
    title: `${id}: ${healthSummary(services, labServices(entry))}`,
    placeHolder: services.map((s) => `${s.service} ${s.health === 'none' ? s.state : s.health}`).join(', '),
  });
  if (picked) await vscode.commands.executeCommand(picked.command, id);
};
