// The vscode-free core: everything the CLI, the tests and the extension share.
// Bundled as dist/core.js, the chunk the extension requires lazily.
export * from './labs/types';
export * from './labs/catalogue';
export * from './labs/ports';
export * from './labs/composeServices';
export * from './doctor';
export * from './progress';
export * from './runtime';
export * from './metrics';
export * from './faults';
export * from './checker';
export * from './proof';
export * from './workspace';
export * from './solution';
export * from './writeup';
export * from './assessment';
export * from './ai';
export * from './cost';
export * from './grafana';
