import { hasAssessment } from '../../core/assessment/spec';
import { table } from '../print';
import type { AssessStep } from './step';

export const labsStep: AssessStep = {
  name: 'labs',
  usage: 'assess labs',
  summary: 'The labs that have an assessment',
  async run(ctx) {
    const labs = (await ctx.catalogue()).labs.filter(hasAssessment);
    if (!labs.length) {
      ctx.out('No lab has an assessment (labs/<id>/assessment.yaml).');
      return 0;
    }
    for (const line of table([['LAB', 'LEVEL', 'TITLE'], ...labs.map((l) => [l.lab.id, l.lab.level, l.lab.title])])) ctx.out(line);
    return 0;
  },
};
