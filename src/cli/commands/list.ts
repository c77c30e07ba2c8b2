import { filterLabs, isLevel } from '../../core/labs/catalogue';
import { LEVELS } from '../../core/labs/types';
import type { CliCommand } from '../command';
import { UsageError } from '../context';
import { json, problemLines, table } from '../print';

export const list: CliCommand = {
  name: 'list',
  usage: 'list [--level L] [--domain D] [--json]',
  summary: 'List the labs',
  options: { level: { type: 'string' }, domain: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const level = ctx.flags.level as string | undefined;
    if (level !== undefined && !isLevel(level)) throw new UsageError(`--level must be one of ${LEVELS.join(', ')}, not "${level}".`);
    const cat = await ctx.catalogue();
    const labs = filterLabs(cat.labs, { level, domain: ctx.flags.domain as string | undefined });
    for (const line of problemLines(cat.problems)) ctx.err(line);
    if (ctx.flags.json) {
      ctx.out(json({
        labs: labs.map(({ lab, dir }) => ({ id: lab.id, title: lab.title, level: lab.level, domains: lab.domains, summary: lab.summary, dir })),
        problems: cat.problems,
      }));
      return 0;
    }
    if (labs.length === 0) {
      ctx.out(cat.labs.length ? 'No labs match the filter.' : 'No labs found.');
      return 0;
    }
    const rows = [['ID', 'LEVEL', 'DOMAINS', 'TITLE'], ...labs.map(({ lab }) => [lab.id, lab.level, lab.domains.join(','), lab.title])];
    for (const line of table(rows)) ctx.out(line);
    return 0;
  },
};
