import { runDoctor } from '../../core/doctor';
import type { CliCommand } from '../command';
import { json } from '../print';

export const doctor: CliCommand = {
  name: 'doctor',
  usage: 'doctor [--json]',
  summary: 'Check the Docker engine, Docker Compose and the ports the labs need',
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const report = await runDoctor(await ctx.catalogue(), { signal: ctx.signal });
    if (ctx.flags.json) ctx.out(json(report));
    else {
      for (const c of report.checks) {
        ctx.out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.title}: ${c.detail}`);
        if (!c.ok && c.fix) ctx.out(`      fix: ${c.fix}`);
      }
      ctx.out(report.ok ? 'Everything is ready.' : 'Some checks failed; see the fixes above.');
    }
    return report.ok ? 0 : 1;
  },
};
