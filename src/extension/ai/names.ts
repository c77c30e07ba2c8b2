// The ids of what the extension contributes for AI assistants (package.json declares the same; a unit
// test checks the tool names against the core's AI_TOOLS). Kept apart from the implementations so that
// activation can register them without loading the core chunk.
export const AI_TOOL_NAMES = [
  'breakfix_labSpec',
  'breakfix_stackStatus',
  'breakfix_queryMetrics',
  'breakfix_lastCheck',
  'breakfix_logs',
  'breakfix_injectFault',
  'breakfix_runCheck',
] as const;

export type AiToolName = (typeof AI_TOOL_NAMES)[number];

/** The @breakfix chat participant. */
export const COACH_ID = 'breakfix.coach';
/** contributes.mcpServerDefinitionProviders: the `breakfix mcp` server. */
export const MCP_PROVIDER_ID = 'breakfix.mcp';
/** Context key: a lab of the catalogue has a copy in this workspace (labs/<id>/). The tools' `when`. */
export const LAB_STARTED_KEY = 'breakfix.labStarted';

/** A command for the UI end-to-end tests only: registered when the extension host's env has BREAKFIX_TEST_HOOKS=1. */
export const TEST_AI_TOOLS_COMMAND = 'breakfix.testAiTools';
export const TEST_HOOKS_KEY = 'breakfix.testHooks';
export const testHooksEnabled = (): boolean => process.env.BREAKFIX_TEST_HOOKS === '1';
