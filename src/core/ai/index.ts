// Lab evidence for AI assistants: the tools (VS Code language-model tools, the MCP server), their guards,
// and the @breakfix coach's prompts.
export * from './tools';
export * from './guard';
export * from './run';
export * from './coach';
export { latestReport, reportEvidence, healPending } from './evidence';
