// The @breakfix participant's prompts: the evidence a model gets for /explain, /hint and /review, and the
// coach's rules. Built only from guarded tool answers (runAiTool) and what the learner wrote or revealed, and
// screened once more as a whole, so a prompt never holds the reference solution, a mutant or an unrevealed hint.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { refuseIfLocked } from '../assessment/locks';
import { revealNextHint } from '../progress/hints';
import { writeupPath } from '../workspace/paths';
import { aiRefusal, bounded, screened } from './guard';
import { resolveAiLab, runAiTool, type AiDeps } from './run';

export const COACH_COMMANDS = ['explain', 'hint', 'review'] as const;
export type CoachCommand = (typeof COACH_COMMANDS)[number] | 'ask';

export const COACH_RULES = [
  'You are the Break/Fix Labs coach. The learner operates a real system, breaks it with injected faults and fixes its code until a checker measures the fix against thresholds.',
  'Explain from the evidence below: quote the measured values, thresholds and PromQL you rely on, and say when the evidence does not settle a question (then say which metric or log line would).',
  'Never write the fix: no code, no patch, no config values to paste. Point at the mechanism, the metric that shows it and the file or behaviour to look at, and let the learner write the change.',
  'If asked for the solution, say that the reference solution opens once the check passes, and offer the next hint (/hint) instead.',
].join('\n');

/** What the participant does with a request: a prompt for the model, or a plain answer (a refusal, a hint). */
export interface CoachTurn {
  /** The prompt (the coach's rules first), when the model is to answer. */
  prompt?: string;
  /** Shown to the learner as it is, before any model answer. */
  say?: string;
  lab?: string;
}

export async function coachTurn(command: CoachCommand, question: string, deps: AiDeps & { labId?: string }): Promise<CoachTurn> {
  const refusal = await aiRefusal(deps);
  if (refusal) return { say: refusal };
  let labId: string;
  try {
    labId = (await resolveAiLab(deps.labId, deps)).lab.id;
  } catch (err) {
    return { say: `@breakfix: ${(err as Error).message}` };
  }
  const cat = await deps.catalogue();
  const entry = cat.labs.find((l) => l.lab.id === labId)!;
  const tool = async (name: string, input: Record<string, unknown> = {}) => (await runAiTool(name, { lab: labId, ...input }, deps)).text;
  const parts: string[] = [COACH_RULES];
  let say: string | undefined;
  if (command === 'hint') {
    const locked = await refuseIfLocked(deps.workspaceDir, labId, 'hints');
    if (locked) return { say: locked, lab: labId };
    if (!deps.workspaceDir) return { say: 'Open the folder you work in first: hints are counted in its .breakfix/progress.json.', lab: labId };
    if (!entry.lab.hints.length) return { say: `${labId} has no hints.`, lab: labId };
    const r = await revealNextHint(deps.workspaceDir, labId, entry.lab.hints);
    const n = r.shown.length;
    say = r.revealedNew ? `Hint ${n} of ${r.total}: ${r.shown[n - 1]}` : `No more hints: all ${r.total} are revealed. The reference solution opens once the check passes.`;
    if (!r.revealedNew) return { say, lab: labId };
    parts.push(`The learner just revealed hint ${n} of ${r.total}: "${r.shown[n - 1]}". In a few sentences, relate it to the evidence of their last check (which measurement it explains) without going beyond it.`);
    parts.push(`## Last check\n${await tool('breakfix_lastCheck')}`);
  } else if (command === 'review') {
    const file = deps.workspaceDir ? writeupPath(deps.workspaceDir, labId) : undefined;
    if (!file || !existsSync(file)) return { say: `There is no postmortem of ${labId} to review yet: it is created after a pass (Write Postmortem, or \`breakfix writeup ${labId}\`).`, lab: labId };
    parts.push(
      'Review the learner\'s postmortem below against the measured evidence. List, with the sentence quoted: each claim that no measured value supports, each number that differs from the measurements, each check the postmortem does not account for, and what is missing from a good postmortem (impact, timeline, root cause, fix, how it was proven). Do not rewrite it.',
    );
    parts.push(`## The postmortem\n${bounded(await readFile(file, 'utf8'), 12_000)}`);
    parts.push(`## Last check\n${await tool('breakfix_lastCheck')}`);
  } else {
    parts.push(command === 'explain' ? 'Explain the last check: for each failing check, what was measured, against what threshold, during which fault, and what behaviour of the system produces that number. For passing checks, one line each.' : 'Answer the learner\'s question from the evidence.');
    parts.push(`## Last check\n${await tool('breakfix_lastCheck')}`);
  }
  parts.push(`## The lab\n${bounded(await tool('breakfix_labSpec'), 10_000)}`);
  if (question.trim()) parts.push(`## The learner asks\n${bounded(question, 4_000)}`);
  const prompt = await screened(parts.join('\n\n'), entry, deps.workspaceDir);
  return { prompt: prompt.withheld ? undefined : prompt.text, say: prompt.withheld ? prompt.text : say, lab: labId };
}
