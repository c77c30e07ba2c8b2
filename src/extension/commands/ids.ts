// The ids of every command (package.json `contributes.commands` lists the same). Kept apart from the
// factories so that activation can register them without loading any command's code.
export const COMMAND_IDS = [
  'breakfix.startStack',
  'breakfix.stopStack',
  'breakfix.showLabSpec',
  'breakfix.showLogs',
  'breakfix.showStackActions',
  'breakfix.openDashboard',
  'breakfix.runCheck',
  'breakfix.runDoctor',
  'breakfix.refreshLabs',
  'breakfix.filterLabs',
  'breakfix.clearFilter',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
