// The lazily loaded core chunk. esbuild keeps `./core.js` external, so this require
// runs only when a command or the tree first needs the core (never during activate()).
export type Core = typeof import('../core/index');

let cached: Core | undefined;

export function loadCore(): Core {
  // Resolved relative to dist/extension.js, i.e. dist/core.js.
  cached ??= require('./core.js') as Core;
  return cached;
}

