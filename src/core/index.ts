// The vscode-free core: everything the CLI, the tests and the extension share.
// Bundled as dist/core.js, the chunk the extension requires lazily.
export * from './labs/types';
