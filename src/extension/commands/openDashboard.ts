// breakfix.openDashboard: the lab's live dashboard beside the editor (charts, faults, stack, checks).
import { resolveLab } from '../pickLab';
import { assessmentWatch, logAssessmentEvent } from '../assessment/watch';
import { dashboards } from '../webviews/dashboard';
import type { CommandFactory } from './types';

export const openDashboard: CommandFactory = (ctx) => {
  const manager = dashboards(ctx);
  return async (arg) => {
    const entry = await resolveLab(ctx, arg, { title: 'Open Dashboard' });
    if (!entry) return;
    // A running assessment hides fault names from the dashboard's first message on: know it first.
    await assessmentWatch(ctx).ready;
    manager.open(entry);
    logAssessmentEvent(ctx, 'dashboard', `opened the dashboard of ${entry.lab.id}`);
  };
};
