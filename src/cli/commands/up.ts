import { stackUp } from '../../core/runtime';
import type { CliCommand } from '../command';
import { table } from '../print';

export const up: CliCommand = {
  name: 'up',
  usage: 'up <lab> [--timeout SECONDS]',
  summary: "Build and start a lab's stack, then wait until every service is healthy",
  options: { timeout: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const timeoutMs = ctx.flags.timeout ? Number(ctx.flags.timeout) * 1000 : undefined;
    ctx.err(`Starting ${entry.lab.id}…`);
    const services = await stackUp(entry, { log: ctx.err, signal: ctx.signal, timeoutMs });
    ctx.out(`${entry.lab.id} is up: ${services.length} services healthy.`);
    for (const line of table([['SERVICE', 'STATE', 'HEALTH', 'PORTS'], ...services.map(serviceRow)])) ctx.out(line);
    return 0;
  },
};

export function serviceRow(s: { service: string; state: string; health: string; ports: { host: number; hostIp: string; container: number }[] }): string[] {
  return [s.service, s.state, s.health, s.ports.map((p) => `${p.hostIp}:${p.host}->${p.container}`).join(', ')];
}
