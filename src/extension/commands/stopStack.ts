// breakfix.stopStack: `compose down -v`, removing everything the lab created.
import { engineEnv } from '../config';
import * as vscode from 'vscode';
import { compose, dockerCore } from '../docker';
import { engineReachable, reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { withCancellableProgress } from '../progress';
import { logAssessmentEvent } from '../assessment/watch';
import { requireDocker } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Stop Stack';

export const stopStack: CommandFactory = (ctx) => async (arg) => {
  if (!requireDocker(TITLE)) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE, runningOnly: true });
  if (!entry) return;
  const id = entry.lab.id;
  ctx.log.info(`Stopping ${id}`);
  await withCancellableProgress(`Stopping ${id}`, async (signal, report) => {
    try {
      const core = dockerCore();
      const cli = await compose(core);
      await core.stackDown(entry, {
        env: engineEnv(),
        signal,
        compose: cli,
        log: (line) => {
          ctx.log.info(`[${id}] ${line}`);
          report(line);
        },
      });
      engineReachable(ctx);
      ctx.setRunning(id, []);
      logAssessmentEvent(ctx, 'stack', `stopped the stack of ${id}`);
      void vscode.window.showInformationMessage(`${id} stopped and removed.`);
    } catch (err) {
      reportError(ctx, `Stopping ${id}`, err, signal);
    }
  });
};
