import { scaffoldLab } from '../../core/labs/scaffold';
import type { CliCommand } from '../command';
import { labsDir, UsageError } from '../context';

export const newLab: CliCommand = {
  name: 'new',
  usage: 'new <id> [--port P]',
  summary: 'Scaffold a lab on the lab kit in labs/<id>/ (lab.yaml, compose, a service, a solution, a mutant patch, README, writeup): it lints clean',
  options: { port: { type: 'string' } },
  async run(ctx) {
    const id = ctx.positionals[0];
    if (!id) throw new UsageError('name the new lab: breakfix new <id>, e.g. breakfix new url-shortener-hot-keys');
    const port = ctx.flags.port === undefined ? 41000 : Number(ctx.flags.port);
    let r;
    try {
      r = scaffoldLab(labsDir(), id, port);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    ctx.out(`Created ${r.dir}: ${r.files.length} files (ports ${port}–${port + 2} on 127.0.0.1).`);
    ctx.out('Next steps (docs/authoring.md):');
    ctx.out(`  breakfix lint ${id}            it lints clean as it is`);
    ctx.out(`  breakfix up ${id}              the stack, on the lab kit`);
    ctx.out(`  breakfix lint --prove ${id}    baseline fails, solution passes, the mutant fails its check`);
    ctx.out('Then replace the quote story with your lab\'s: the baseline, the faults, the checks, the solution and the mutants.');
    return 0;
  },
};
