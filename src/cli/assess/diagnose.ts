import { recordDiagnosis, requireRunning } from '../../core/assessment/lifecycle';
import { resolveWorkspace } from '../../core/workspace/paths';
import { UsageError } from '../context';
import { countdownLine, flag, type AssessStep } from './step';

export const diagnoseStep: AssessStep = {
  name: 'diagnose',
  usage: 'assess diagnose --symptom S --root-cause ID --evidence E',
  summary: 'Record your diagnosis (timestamped; recording again replaces it)',
  async run(ctx) {
    const ws = resolveWorkspace(flag(ctx, 'workspace'));
    const r = await requireRunning(ws);
    const symptom = flag(ctx, 'symptom');
    const rootCause = flag(ctx, 'root-cause');
    const evidence = flag(ctx, 'evidence');
    const missing = [!symptom && '--symptom', !rootCause && '--root-cause', !evidence && '--evidence'].filter(Boolean);
    if (missing.length) throw new UsageError(`missing ${missing.join(', ')}: say what you see, which root cause (\`breakfix assess ticket\` lists the ids), and the panels and numbers that show it`);
    const d = await recordDiagnosis(await ctx.lab(r.lab), ws, { symptom: symptom!, rootCause: rootCause!, evidence: evidence! });
    ctx.out(`Diagnosis recorded at ${d.at.slice(11, 19)} UTC: ${d.rootCause}. Now fix labs/${r.lab}/ and \`breakfix assess submit\`.`);
    ctx.out(countdownLine({ ...r, diagnosis: d }));
    return 0;
  },
};
