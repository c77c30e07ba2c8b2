// Every command of the extension, by id. package.json `contributes.commands` lists the same ids.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { reportError } from '../errors';
import { clearFilter } from './clearFilter';
import { filterLabs } from './filterLabs';
import { openDashboard } from './openDashboard';
import { refreshLabs } from './refreshLabs';
import { runCheck } from './runCheck';
import { runDoctor } from './runDoctor';
import { showLabSpec } from './showLabSpec';
import { showLogs } from './showLogs';
import { showStackActions } from './showStackActions';
import { startStack } from './startStack';
import { stopStack } from './stopStack';
import type { CommandFactory } from './types';

export const COMMANDS: Record<string, CommandFactory> = {
  'breakfix.startStack': startStack,
  'breakfix.stopStack': stopStack,
  'breakfix.showLabSpec': showLabSpec,
  'breakfix.showLogs': showLogs,
  'breakfix.showStackActions': showStackActions,
  'breakfix.openDashboard': openDashboard,
  'breakfix.runCheck': runCheck,
  'breakfix.runDoctor': runDoctor,
  'breakfix.refreshLabs': refreshLabs,
  'breakfix.filterLabs': filterLabs,
  'breakfix.clearFilter': clearFilter,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    const run = factory(ctx);
    // Last line of defence: an unexpected throw still reaches the user.
    const safe = async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (err) {
        reportError(ctx, id, err);
      }
    };
    ctx.push(vscode.commands.registerCommand(id, safe));
  }
}
