import { stackLogs } from '../../core/runtime';
import type { CliCommand } from '../command';
import { UsageError } from '../context';

export const logs: CliCommand = {
  name: 'logs',
  usage: 'logs <lab> [service] [--follow] [--tail N]',
  summary: "Print a lab's service logs",
  options: { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const service = ctx.positionals[1];
    const known = await serviceNames(entry.composeFile);
    if (service && !known.includes(service)) throw new UsageError(`lab ${entry.lab.id} has no service "${service}". Services: ${known.join(', ')}.`);
    const tail = ctx.flags.tail === undefined ? 200 : Number(ctx.flags.tail);
    if (!Number.isInteger(tail) || tail < 0) throw new UsageError(`--tail must be a whole number, not "${ctx.flags.tail}".`);
    await stackLogs(entry, service, { follow: Boolean(ctx.flags.follow), tail, onLine: ctx.out, signal: ctx.signal });
    return 0;
  },
};

async function serviceNames(composeFile: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  return Object.keys((parse(await readFile(composeFile, 'utf8')) as { services?: object })?.services ?? {});
}
