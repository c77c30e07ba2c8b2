// Stands in for the learner typing the fix: the lab's reference solution (solution/fix.patch, a diff against
// the baseline) applied to the workspace copy with `git apply`, as docs/authoring.md tells an author to.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');

/** Applies labs/<labId>/solution/fix.patch to <workspace>/labs/<labId>; returns the files it changed. */
export function applyReferenceFix(workspace: string, labId: string): string[] {
  const patch = resolve(REPO, 'labs', labId, 'solution', 'fix.patch');
  const args = ['apply', `--directory=labs/${labId}`, patch];
  const r = spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')} in ${workspace}: ${r.stderr}`);
  const stat = spawnSync('git', ['apply', '--numstat', patch], { cwd: workspace, encoding: 'utf8' });
  const files = stat.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('\t')[2]);
  assert.ok(files.length > 0, `${patch} changes no file`);
  return files;
}
