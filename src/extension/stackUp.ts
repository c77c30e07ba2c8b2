// Bringing a lab's stack up from the extension: what Start Stack does and what Start Assessment does before
// its timer starts. Free play: a started lab runs the learner's whole copy (labs/<id>/); checks run
// assembled stacks.
import type { LabEntry } from '../core/labs/types';
import type { ServiceStatus } from '../core/runtime/types';
import { engineEnv } from './config';
import type { Ctx } from './ctx';
import { compose, dockerCore } from './docker';
import { engineReachable } from './errors';
import type { Report } from './progress';

/** `compose up --build` and the wait for health; records the services in the context. Call after the trust gate. */
export async function bringStackUp(ctx: Ctx, entry: LabEntry, signal: AbortSignal, report: Report): Promise<ServiceStatus[]> {
  const id = entry.lab.id;
  const core = dockerCore();
  await core.connectEngine({ signal, env: engineEnv() });
  engineReachable(ctx);
  const cli = await compose(core);
  ctx.log.info(`Using ${cli.argv.join(' ')} ${cli.version} (${cli.chosenBy})`);
  const dir = ctx.workspaceDir ? core.freePlayDir(entry, ctx.workspaceDir) : undefined;
  if (dir && dir !== entry.dir) ctx.log.info(`Running ${id} from your copy ${dir}`);
  const services = await core.stackUp(entry, {
    ...(dir ? { dir } : {}),
    signal,
    env: engineEnv(),
    compose: cli,
    log: (line) => {
      ctx.log.info(`[${id}] ${line}`);
      report(line.length > 80 ? line.slice(0, 77) + '…' : line);
    },
  });
  ctx.setRunning(id, services);
  return services;
}

