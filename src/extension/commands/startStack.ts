// breakfix.startStack: `compose up --build` for a lab, then wait until healthy.
import { engineEnv } from '../config';
import * as vscode from 'vscode';
import { compose, dockerCore } from '../docker';
import { engineReachable, reportError } from '../errors';
import { healthSummary, resolveLab } from '../pickLab';
import { withCancellableProgress } from '../progress';
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
      const core = dockerCore();
      await core.connectEngine({ signal, env: engineEnv() });
      engineReachable(ctx);
      const cli = await compose(core);
      ctx.log.info(`Using ${cli.argv.join(' ')} ${cli.version} (${cli.chosenBy})`);
      // Free play: a started lab runs the learner's whole copy (labs/<id>/); checks run assembled stacks.
      const dir = ctx.workspaceDir ? core.freePlayDir(entry, ctx.workspaceDir) : undefined;
      if (dir && dir !== entry.dir) ctx.log.info(`Running ${id} from your copy ${dir}`);
      const services = await core.stackUp(entry, {
        ...(dir ? { dir } : {}),
        signal,
        env: engineEnv(),
        compose: cli,
        log: (line) => {
          ctx.log.info(`[${id}] ${line}`);
          report(line.length > 80 ? line.slice(0, 77) + '…' : line);
        },
      });
      ctx.setRunning(id, services);
      const summary = `${id} is up: ${healthSummary(services)}.`;
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
