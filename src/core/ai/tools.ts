// The AI tools: what an assistant (a VS Code language-model tool, an MCP client, the @breakfix participant)
// may ask of a lab. One home for their names, descriptions and input schemas; package.json's
// contributes.languageModelTools is checked against this list by a unit test. Each tool's output is
// public (every extension sees every registered tool), so it shows only what the learner may see.

/** A JSON Schema (draft 7 subset) of a tool's input. */
export type InputSchema = {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties: false;
};

export interface AiToolSpec {
  /** `^[\w-]+$`, never `copilot_`/`vscode_`. The MCP tool drops the `breakfix_` prefix. */
  name: string;
  /** Shown to the user (tool pickers, confirmations). */
  displayName: string;
  /** What the model reads to decide when to call it. */
  modelDescription: string;
  inputSchema: InputSchema;
  /** An action changes the lab: the user confirms it first (prepareInvocation, or the MCP client's own approval). */
  action?: { confirmTitle: string };
  /** How long a call may take before it is stopped. */
  timeoutMs: number;
}

const lab = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'The lab id, e.g. notification-retry-storm. Optional: default is the lab whose stack runs, or the only lab started in the workspace.',
};

export const MAX_RANGE_SECONDS = 3600;
export const MAX_POINTS = 120;
export const MAX_SERIES = 20;
export const MAX_LOG_LINES = 200;
export const MAX_FAULT_SECONDS = 300;
export const MAX_QUERY_CHARS = 2000;

export const AI_TOOLS: readonly AiToolSpec[] = [
  {
    name: 'breakfix_labSpec',
    displayName: 'Break/Fix: lab spec',
    modelDescription:
      "The Break/Fix lab's spec as the learner sees it: the story, the architecture, the services, the faults it can inject, the panels (with their PromQL), the acceptance checks with their thresholds, and the hints the learner has already revealed. Never the reference solution. Call it first to understand what the lab measures.",
    inputSchema: { type: 'object', properties: { lab }, additionalProperties: false },
    timeoutMs: 10_000,
  },
  {
    name: 'breakfix_stackStatus',
    displayName: 'Break/Fix: stack status',
    modelDescription: "The running lab's services (state, health, published ports) and which of its faults are active now.",
    inputSchema: { type: 'object', properties: { lab }, additionalProperties: false },
    timeoutMs: 20_000,
  },
  {
    name: 'breakfix_queryMetrics',
    displayName: 'Break/Fix: query metrics',
    modelDescription: `Runs a PromQL query against the running lab's Prometheus. Without rangeSeconds it is an instant query (now); with rangeSeconds (at most ${MAX_RANGE_SECONDS}) it is a range query over the last rangeSeconds, at most ${MAX_POINTS} points per series and ${MAX_SERIES} series. The lab spec lists the metrics its panels use.`,
    inputSchema: {
      type: 'object',
      properties: {
        lab,
        query: { type: 'string', minLength: 1, maxLength: MAX_QUERY_CHARS, description: 'PromQL, e.g. sum(rate(provider_calls_total[30s]))' },
        rangeSeconds: { type: 'integer', minimum: 1, maximum: MAX_RANGE_SECONDS, description: 'Query the last N seconds instead of now.' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    timeoutMs: 15_000,
  },
  {
    name: 'breakfix_lastCheck',
    displayName: 'Break/Fix: last check',
    modelDescription:
      "The learner's latest check of the lab: its verdict, each check's measured value against its threshold with the exact PromQL or probe that measured it, the faults' timeline as it happened, and the load's summary.",
    inputSchema: { type: 'object', properties: { lab }, additionalProperties: false },
    timeoutMs: 10_000,
  },
  {
    name: 'breakfix_logs',
    displayName: 'Break/Fix: service logs',
    modelDescription: `The last lines (default 50, at most ${MAX_LOG_LINES}) of one service's logs in the running lab. The lab spec lists the services.`,
    inputSchema: {
      type: 'object',
      properties: {
        lab,
        service: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$', description: 'A service of the lab, e.g. worker.' },
        lines: { type: 'integer', minimum: 1, maximum: MAX_LOG_LINES },
      },
      required: ['service'],
      additionalProperties: false,
    },
    timeoutMs: 20_000,
  },
  {
    name: 'breakfix_injectFault',
    displayName: 'Break/Fix: inject a fault',
    modelDescription: `Injects one of the lab's faults into its running stack, verifies it is active, and heals it after seconds (default 60, at most ${MAX_FAULT_SECONDS}). The lab spec lists the faults. Changes the learner's running system: the user confirms it.`,
    inputSchema: {
      type: 'object',
      properties: {
        lab,
        fault: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$', description: 'A fault id from the lab spec, e.g. provider-outage.' },
        seconds: { type: 'integer', minimum: 1, maximum: MAX_FAULT_SECONDS },
      },
      required: ['fault'],
      additionalProperties: false,
    },
    action: { confirmTitle: 'Inject a fault into the lab?' },
    timeoutMs: 60_000,
  },
  {
    name: 'breakfix_runCheck',
    displayName: 'Break/Fix: run the check',
    modelDescription:
      "Runs the lab's checker on the learner's files (a quick run: one to four minutes): it replays load and faults and measures every check, records the attempt, and returns the result as breakfix_lastCheck does. The user confirms it.",
    inputSchema: { type: 'object', properties: { lab }, additionalProperties: false },
    action: { confirmTitle: 'Run the lab check?' },
    timeoutMs: 15 * 60_000,
  },
];

export type AiToolName = (typeof AI_TOOLS)[number]['name'];

export function aiTool(name: string): AiToolSpec | undefined {
  return AI_TOOLS.find((t) => t.name === name);
}

/** The MCP name of a tool: `labSpec` for `breakfix_labSpec`. */
export function mcpName(tool: AiToolSpec): string {
  return tool.name.replace(/^breakfix_/, '');
}
