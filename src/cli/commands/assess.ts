// `breakfix assess <step>`: assessment mode. Each step lives in src/cli/assess/; this file routes to them.
import { bundleStep } from '../assess/bundle';
import { diagnoseStep } from '../assess/diagnose';
import { endStep } from '../assess/end';
import { incidentStep } from '../assess/incident';
import { labsStep } from '../assess/labs';
import { reportStep } from '../assess/report';
import { startStep } from '../assess/start';
import { statusStep, ticketStep } from '../assess/status';
import { submitStep } from '../assess/submit';
import { verifyStep } from '../assess/verify';
import type { AssessStep } from '../assess/step';
import type { CliCommand } from '../command';
import { UsageError } from '../context';
import { closest } from '../../core/labs/suggest';

export const STEPS: AssessStep[] = [labsStep, startStep, ticketStep, statusStep, diagnoseStep, submitStep, reportStep, bundleStep, endStep, verifyStep, incidentStep];

export const assess: CliCommand = {
  name: 'assess',
  usage: 'assess <step> … (breakfix assess help)',
  summary: 'Assessment mode: a timed incident, a diagnosis, a fix, a scored report; `assess verify` re-runs a bundle',
  options: {
    random: { type: 'boolean' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    file: { type: 'string' },
    workspace: { type: 'string' },
    symptom: { type: 'string' },
    'root-cause': { type: 'string' },
    evidence: { type: 'string' },
    out: { type: 'string' },
    repeat: { type: 'string' },
    json: { type: 'boolean' },
    watch: { type: 'boolean' },
    yes: { type: 'boolean' },
  },
  async run(ctx) {
    const [name, ...rest] = ctx.positionals;
    if (!name || name === 'help') {
      ctx.out('Usage: breakfix assess <step> [options]\n');
      const shown = STEPS.filter((s) => !s.hidden);
      const width = Math.max(...shown.map((s) => s.usage.length));
      for (const s of shown) ctx.out(`  ${s.usage.padEnd(width)}  ${s.summary}`);
      return name ? 0 : 2;
    }
    const step = STEPS.find((s) => s.name === name);
    if (!step) {
      const guess = closest(name, STEPS.filter((s) => !s.hidden).map((s) => s.name));
      throw new UsageError(`unknown step "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run \`breakfix assess help\`.`);
    }
    return step.run({ ...ctx, positionals: rest });
  },
};
