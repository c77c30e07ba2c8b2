// The extension's way into the core's Docker/Compose runtime, with the user's settings applied.
import type { ComposeCli } from '../core/runtime/types';
import { readSettings, applyDockerHost } from './config';
import { loadCore, type Core } from './core';

/** Loads the core with DOCKER_HOST from the settings. Call only after the trust gate. */
export function dockerCore(): Core {
  applyDockerHost();
  return loadCore();
}

/** The Compose CLI to use: `breakfix.composeCommand` when set, else detected. */
export function compose(core: Core): Promise<ComposeCli> {
  return core.detectCompose({ override: readSettings().composeCommand || undefined });
}
