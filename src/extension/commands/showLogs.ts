// breakfix.showLogs: follow one service's (or all) logs into the output channel until cancelled.
import { engineEnv } from '../config';
import * as vscode from 'vscode';
import { dockerCore } from '../docker';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { withCancellableProgress } from '../progress';
import { requireDocker } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Show Logs';
const ALL = 'All services';

export const showLogs: CommandFactory = (ctx) => async (arg, serviceArg) => {
  if (!requireDocker(TITLE)) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE, runningOnly: true });
  if (!entry) return;
  const id = entry.lab.id;
  try {
    const core = dockerCore();
    const services = await core.stackStatus(entry, { env: engineEnv() });
    ctx.setRunning(id, services);
    if (services.length === 0) {
      const pick = await vscode.window.showInformationMessage(`${TITLE}: ${id} is not running.`, 'Start Stack');
      if (pick) void vscode.commands.executeCommand('breakfix.startStack', id);
      return;
    }
    let service = typeof serviceArg === 'string' ? serviceArg : undefined;
    if (!service) {
      const picked = await vscode.window.showQuickPick(
        [{ label: ALL }, ...services.map((s) => ({ label: s.service, description: `${s.state} · ${s.health}` }))],
        { title: `${TITLE}: ${id}`, placeHolder: 'Which service?' },
      );
      if (!picked) return;
      service = picked.label;
    }
    const which = service === ALL ? undefined : service;
    ctx.log.show(true);
    ctx.log.info(`--- logs of ${id}/${which ?? 'all services'} (cancel the notification to stop) ---`);
    await withCancellableProgress(`Following logs of ${id}/${which ?? 'all'}`, async (signal) => {
      try {
        await core.stackLogs(entry, which, {
          env: engineEnv(),
          follow: true,
          tail: 200,
          signal,
          onLine: (line: string) => ctx.log.info(`[${id}] ${line}`),
        });
      } catch (err) {
        if (!signal.aborted) throw err;
      }
      ctx.log.info(`--- end of logs of ${id}/${which ?? 'all services'} ---`);
    });
  } catch (err) {
    reportError(ctx, `Showing logs of ${id}`, err);
  }
};
