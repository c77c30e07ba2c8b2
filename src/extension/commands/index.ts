// Every command's factory, by id (commands/ids.ts lists the ids; package.json declares the same).
import type { Ctx } from '../ctx';
import { reportError } from '../errors';
import { addNote } from './addNote';
import { endAssessment } from './endAssessment';
import { openAssessmentReport } from './openAssessmentReport';
import { recordDiagnosis } from './recordDiagnosis';
import { startAssessment } from './startAssessment';
import { submitAssessment } from './submitAssessment';
import { clearFilter } from './clearFilter';
import { compareWithBaseline } from './compareWithBaseline';
import { openWriteup } from './openWriteup';
import { resetLab } from './resetLab';
import { revealHint } from './revealHint';
import { showNotes } from './showNotes';
import { showSolution } from './showSolution';
import { startLab } from './startLab';
import { validateWriteup } from './validateWriteup';
import { filterLabs } from './filterLabs';
import { openDashboard } from './openDashboard';
import { openGrafana } from './openGrafana';
import { refreshLabs } from './refreshLabs';
import { runCheck } from './runCheck';
import { runDoctor } from './runDoctor';
import { showLabSpec } from './showLabSpec';
import { showLogs } from './showLogs';
import { showStackActions } from './showStackActions';
import { startStack } from './startStack';
import { stopStack } from './stopStack';
import type { CommandId } from './ids';
import type { CommandFactory } from './types';

export const COMMANDS: Record<CommandId, CommandFactory> = {
  'breakfix.startStack': startStack,
  'breakfix.stopStack': stopStack,
  'breakfix.showLabSpec': showLabSpec,
  'breakfix.showLogs': showLogs,
  'breakfix.showStackActions': showStackActions,
  'breakfix.openDashboard': openDashboard,
  'breakfix.openGrafana': openGrafana,
  'breakfix.runCheck': runCheck,
  'breakfix.runDoctor': runDoctor,
  'breakfix.refreshLabs': refreshLabs,
  'breakfix.filterLabs': filterLabs,
  'breakfix.clearFilter': clearFilter,
  'breakfix.startLab': startLab,
  'breakfix.resetLab': resetLab,
  'breakfix.compareWithBaseline': compareWithBaseline,
  'breakfix.addNote': addNote,
  'breakfix.showNotes': showNotes,
  'breakfix.revealHint': revealHint,
  'breakfix.showSolution': showSolution,
  'breakfix.openWriteup': openWriteup,
  'breakfix.validateWriteup': validateWriteup,
  'breakfix.startAssessment': startAssessment,
  'breakfix.recordDiagnosis': recordDiagnosis,
  'breakfix.submitAssessment': submitAssessment,
  'breakfix.openAssessmentReport': openAssessmentReport,
  'breakfix.endAssessment': endAssessment,
};

/** Builds every command's handler once; runs one by id. An unexpected throw still reaches the user. */
export function commandRunner(ctx: Ctx): (id: CommandId, args: unknown[]) => Promise<void> {
  const handlers = new Map(Object.entries(COMMANDS).map(([id, factory]) => [id, factory(ctx)]));
  return async (id, args) => {
    try {
      await handlers.get(id)!(...args);
    } catch (err) {
      reportError(ctx, id, err);
    }
  };
}
