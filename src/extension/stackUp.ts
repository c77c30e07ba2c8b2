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
  return (await upWith(ctx, entry, signal, report, false)).services;
}

/** The same with the lab's `grafana` profile (Open in Grafana); also answers the dashboard's URL. */
export async function bringStackUpWithGrafana(ctx: Ctx, entry: LabEntry, signal: AbortSignal, report: Report): Promise<{ services: ServiceStatus[]; url: string }> {
  const r = await upWith(ctx, entry, signal, report, true);
  return { services: r.services, url: r.url! };
}

async function upWith(ctx: Ctx, entry: LabEntry, signal: AbortSignal, report: Report, grafana: boolean): Promise<{ services: ServiceStatus[]; url?: string }> {
  const id = entry.lab.id;
  const core = dockerCore();
  const docker = await core.connectEngine({ signal, env: engineEnv() });
  engineReachable(ctx);
  const cli = await compose(core);
  ctx.log.info(`Using ${cli.argv.join(' ')} ${cli.version} (${cli.chosenBy})`);
  const dir = ctx.workspaceDir ? core.freePlayDir(entry, ctx.workspaceDir) : undefined;
  if (dir && dir !== entry.dir) ctx.log.info(`Running ${id} from your copy ${dir}`);
  const opts = {
    ...(dir ? { dir } : {}),
    signal,
    env: engineEnv(),
    compose: cli,
    docker,
    log: (line: string) => {
      ctx.log.info(`[${id}] ${line}`);
      report(line.length > 80 ? line.slice(0, 77) + '…' : line);
    },
  };
  const r = grafana ? await core.startGrafana(entry, opts) : { services: await core.stackUp(entry, opts) };
  ctx.setRunning(id, r.services);
  return r;
}

