// breakfix.runDoctor: engine, Compose and ports checks; details in the output channel.
import * as vscode from 'vscode';
import { engineEnv, readSettings } from '../config';
import type { Core } from '../core';
import { dockerCore } from '../docker';
import { DOCKER_DOCS, engineReachable, reportError } from '../errors';
import { withCancellableProgress } from '../progress';
import { requireDocker } from '../trust';
import { completeStep } from '../walkthrough';
import type { CommandFactory } from './types';

type Check = Awaited<ReturnType<Core['runDoctor']>>['checks'][number];

export const runDoctor: CommandFactory = (ctx) => async () => {
  if (!requireDocker('Doctor')) return;
  const catalogue = await ctx.ensureCatalogue();
  if (!catalogue) {
    void vscode.window.showErrorMessage(`Doctor: the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
    return;
  }
  await withCancellableProgress('Break/Fix Doctor', async (signal) => {
    try {
      const core = dockerCore();
      const report = await core.runDoctor(catalogue, {
        env: engineEnv(),
        signal,
        composeOverride: readSettings().composeCommand || undefined,
      });
      ctx.log.info('--- Doctor ---');
      for (const c of report.checks) {
        const line = `${c.ok ? 'ok  ' : 'FAIL'} ${c.title}: ${c.detail}${!c.ok && c.fix ? ` (fix: ${c.fix})` : ''}`;
        if (c.ok) ctx.log.info(line);
        else ctx.log.error(line);
      }
      const failed = report.checks.filter((c) => !c.ok);
      if (!failed.some(isEngineCheck)) {
        engineReachable(ctx);
        completeStep('doctor');
      }
      if (failed.length === 0) {
        void vscode.window.showInformationMessage(`Doctor: all ${report.checks.length} checks passed.`);
        return;
      }
      ctx.log.show(true);
      summarise(failed, report.checks.length);
    } catch (err) {
      reportError(ctx, 'Doctor', err, signal);
    }
  });

  function summarise(failed: Check[], total: number): void {
    const first = failed[0];
    const action = fixAction(first);
    const text = `Doctor: ${failed.length} of ${total} checks failed. ${first.title}: ${first.fix ?? first.detail}`;
    void vscode.window.showWarningMessage(text, action.label, 'Show Output').then((pick) => {
      if (pick === action.label) action.run();
      if (pick === 'Show Output') ctx.log.show();
    });
  }
};

function isEngineCheck(c: Check): boolean {
  return /engine|docker/i.test(c.id) && !/compose/i.test(c.id);
}

/** The one button that moves the user towards the fix of the first failed check. */
function fixAction(c: Check): { label: string; run: () => void } {
  if (/compose/i.test(c.id)) {
    return {
      label: 'Open Compose Setting',
      run: () => void vscode.commands.executeCommand('workbench.action.openSettings', 'breakfix.composeCommand'),
    };
  }
  if (isEngineCheck(c)) {
    return { label: 'Open Docs', run: () => void vscode.env.openExternal(vscode.Uri.parse(DOCKER_DOCS)) };
  }
  return { label: 'Run Again', run: () => void vscode.commands.executeCommand('breakfix.runDoctor') };
}
