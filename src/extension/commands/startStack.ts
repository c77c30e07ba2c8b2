// breakfix.startStack: `compose up --build` for a lab, then wait until healthy.
import * as vscode from 'vscode';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { labServices } from '../labServices';
import { healthSummary } from '../stackHealth';
import { withCancellableProgress } from '../progress';
import { logAssessmentEvent } from '../assessment/watch';
import { bringStackUp } from '../stackUp';
import { requireDocker } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Start Stack';

export const startStack: CommandFactory = (ctx) => async (arg) => {
  if (!requireDocker(TITLE)) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  ctx.log.info(`Starting ${id} (${entry.composeFile})`);
  ctx.log.show(true);
  await withCancellableProgress(`Starting ${id}`, async (signal, report) => {
    try {
      const services = await bringStackUp(ctx, entry, signal, report);
      logAssessmentEvent(ctx, 'stack', `started the stack of ${id}`);
      const summary = `${id} is up: ${healthSummary(services, labServices(entry))}.`;
      ctx.log.info(summary);
      void vscode.window.showInformationMessage(summary, 'Show Lab Spec', 'Show Logs').then((pick) => {
        if (pick === 'Show Lab Spec') void vscode.commands.executeCommand('breakfix.showLabSpec', id);
        if (pick === 'Show Logs') void vscode.commands.executeCommand('breakfix.showLogs', id);
      });
    } catch (err) {
      if (signal.aborted) {
        ctx.log.warn(`Start of ${id} cancelled; containers already created keep running until "Stop Stack".`);
      }
      reportError(ctx, `Starting ${id}`, err, signal);
    }
  });
};
