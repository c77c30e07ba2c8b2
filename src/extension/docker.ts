// The extension's way into the core's Docker/Compose runtime, with the user's settings applied.
import type { Catalogue } from '../core/labs/types';
import type { ComposeCli, ServiceStatus } from '../core/runtime/types';
import { engineEnv, readSettings } from './config';
import { loadCore, type Core } from './core';
import type { Ctx } from './ctx';
import { engineReachable } from './errors';

/** Loads the core for a Docker call. Call only after the trust gate; pass `env: engineEnv()` to every call. */
export function dockerCore(): Core {
  return loadCore();
}

/** The Compose CLI to use: `breakfix.composeCommand` when set, else detected. */
export function compose(core: Core): Promise<ComposeCli> {
  return core.detectCompose({ override: readSettings().composeCommand || undefined, env: engineEnv() });
}

/** Asks Compose which labs have containers and records it in the context. */
export async function pollRunning(ctx: Ctx, catalogue: Catalogue, signal?: AbortSignal): Promise<void> {
  const core = dockerCore();
  const running = new Map<string, ServiceStatus[]>();
  await Promise.all(
    catalogue.labs.map(async (e) => {
      const services = await core.stackStatus(e, { signal, env: engineEnv() });
      if (services.length) running.set(e.lab.id, services);
    }),
  );
  engineReachable(ctx);
  ctx.replaceRunning(running);
}
