import { freePlayDir, resolveWorkspace } from '../../core/workspace/paths';
import { startGrafana } from '../../core/grafana';
import { connectEngine, stackUp } from '../../core/runtime';
import { noteAction } from '../assessment';
import type { CliCommand } from '../command';
import { table } from '../print';

export const up: CliCommand = {
  name: 'up',
  usage: 'up <lab> [--grafana] [--timeout SECONDS] [--workspace DIR]',
  summary: "Build and start a lab's stack (from your copy labs/<lab>/ once started), then wait until every service is healthy; --grafana adds Grafana and prints its dashboard's URL",
  options: { grafana: { type: 'boolean' }, timeout: { type: 'string' }, workspace: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const timeoutMs = ctx.flags.timeout ? Number(ctx.flags.timeout) * 1000 : undefined;
    // Free play: a started lab runs the learner's whole copy; otherwise the bundled lab. (Checks run assembled stacks.)
    const dir = freePlayDir(entry, resolveWorkspace(ctx.flags.workspace as string | undefined));
    ctx.err(dir === entry.dir ? `Starting ${entry.lab.id}…` : `Starting ${entry.lab.id} from your copy ${dir}…`);
    const opts = { dir, log: ctx.err, signal: ctx.signal, timeoutMs };
    const grafana = ctx.flags.grafana ? await startGrafana(entry, { ...opts, docker: await connectEngine({ signal: ctx.signal }) }) : undefined;
    const services = grafana?.services ?? (await stackUp(entry, opts));
    await noteAction(ctx, 'stack', `up: ${services.length} services healthy`);
    ctx.out(`${entry.lab.id} is up: ${services.length} services healthy.`);
    for (const line of table([['SERVICE', 'STATE', 'HEALTH', 'PORTS'], ...services.map(serviceRow)])) ctx.out(line);
    if (grafana) ctx.out(`Grafana: ${grafana.url} (anonymous viewer; \`breakfix down ${entry.lab.id}\` stops it with the rest)`);
    return 0;
  },
};

export function serviceRow(s: { service: string; state: string; health: string; ports: { host: number; hostIp: string; container: number }[] }): string[] {
  return [s.service, s.state, s.health, s.ports.map((p) => `${p.hostIp}:${p.host}->${p.container}`).join(', ')];
}
