// The ids of every command (package.json `contributes.commands` lists the same). Kept apart from the
// factories so that activation can register them without loading any command's code.
export const COMMAND_IDS = [
  'breakfix.startStack',
  'breakfix.stopStack',
  'breakfix.showLabSpec',
  'breakfix.showLogs',
  'breakfix.showStackActions',
  'breakfix.openDashboard',
  'breakfix.openGrafana',
  'breakfix.runCheck',
  'breakfix.runDoctor',
  'breakfix.refreshLabs',
  'breakfix.filterLabs',
  'breakfix.clearFilter',
  'breakfix.startLab',
  'breakfix.resetLab',
  'breakfix.compareWithBaseline',
  'breakfix.addNote',
  'breakfix.showNotes',
  'breakfix.revealHint',
  'breakfix.showSolution',
  'breakfix.openWriteup',
  'breakfix.validateWriteup',
  'breakfix.startAssessment',
  'breakfix.recordDiagnosis',
  'breakfix.submitAssessment',
  'breakfix.openAssessmentReport',
  'breakfix.endAssessment',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
