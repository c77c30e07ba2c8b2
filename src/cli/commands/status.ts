import { projectName, stackStatus } from '../../core/runtime';
import type { ServiceStatus } from '../../core/runtime/types';
import type { CliCommand } from '../command';
import { json, table } from '../print';
import { serviceRow } from './up';

export const status: CliCommand = {
  name: 'status',
  usage: 'status [<lab>] [--json]',
  summary: 'Show the services of running labs and their health',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const id = ctx.positionals[0];
    const entries = id ? [await ctx.lab(id)] : (await ctx.catalogue()).labs;
    const result: { lab: string; project: string; running: boolean; healthy: boolean; services: ServiceStatus[] }[] = [];
    for (const entry of entries) {
      const services = await stackStatus(entry, { signal: ctx.signal });
      const healthy = services.length > 0 && services.every((s) => s.state === 'running' && s.health !== 'unhealthy' && s.health !== 'starting');
      result.push({ lab: entry.lab.id, project: projectName(entry.lab.id), running: services.length > 0, healthy, services });
    }
    if (ctx.flags.json) {
      ctx.out(json(result));
      return 0;
    }
    for (const r of result) {
      if (!r.running) {
        ctx.out(`${r.lab}: not running`);
        continue;
      }
      ctx.out(`${r.lab}: ${r.healthy ? 'healthy' : 'NOT healthy'} (project ${r.project})`);
      for (const line of table([['SERVICE', 'STATE', 'HEALTH', 'PORTS'], ...r.services.map(serviceRow)])) ctx.out('  ' + line);
    }
    return 0;
  },
};
