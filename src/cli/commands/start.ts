import { labLearnerFiles } from '../../core/labs/learnerFiles';
import { resolveWorkspace } from '../../core/workspace/paths';
import { startLab } from '../../core/workspace';
import type { CliCommand } from '../command';

export const start: CliCommand = {
  name: 'start',
  usage: 'start <lab> [--workspace DIR] [--overwrite]',
  summary: 'Copy a lab into <workspace>/labs/<lab>/ and commit it as the baseline on the git branch breakfix/<lab>',
  options: { workspace: { type: 'string' }, overwrite: { type: 'boolean' } },
  async run(ctx) {
    const entry = await ctx.lab(ctx.positionals[0]);
    const id = entry.lab.id;
    const workspace = resolveWorkspace(ctx.flags.workspace as string | undefined);
    const r = await startLab(entry, workspace, { overwrite: ctx.flags.overwrite === true });
    for (const w of r.warnings) ctx.err(`warning: ${w}`);
    if (r.initialised) ctx.out(`Initialised a git repository in ${workspace}: each check commits your lab folder as an attempt, so you can compare and go back.`);
    if (r.ignoredState === '.gitignore') ctx.out('Added .breakfix/ (progress, run reports) to .gitignore, committed with the baseline.');
    if (r.ignoredState === 'info/exclude') ctx.out("Added .breakfix/ (progress, run reports) to git's local ignore list (.git/info/exclude); your .gitignore is untouched.");
    ctx.out(r.created ? `Copied ${id} to ${r.dir}.` : `${id} is already started in ${r.dir}; nothing to copy.`);
    ctx.out(`Branch: ${r.branch}${r.commit ? `, baseline commit ${r.commit.slice(0, 12)}` : ', no new commit'}.`);
    ctx.out('');
    ctx.out('Next steps:');
    ctx.out(`  breakfix up ${id}              start the stack from your copy`);
    ctx.out(`  breakfix break ${id} <fault>   inject a fault (breakfix faults ${id} lists them)`);
    ctx.out(`  breakfix check ${id}           run the checker`);
    const toEdit = labLearnerFiles(entry);
    if (toEdit.length) ctx.out(`Files to edit: ${toEdit.map((f) => `labs/${id}/${f}`).join(', ')} (a check runs these from your copy, and the lab's own files for everything else)`);
    return 0;
  },
};
