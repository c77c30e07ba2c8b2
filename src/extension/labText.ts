// Read-only documents for diffs: `breakfix-baseline:/<lab>/<file>` is the file as committed when the lab
// was started (the bundled file when there is no baseline commit; with `?commit=<sha>`, as committed by
// a checker attempt), `breakfix-solution:/<lab>/<file>` the
// lab's reference solution. Neither can be edited or saved.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from './core';
import type { Ctx } from './ctx';

export const BASELINE_SCHEME = 'breakfix-baseline';
export const SOLUTION_SCHEME = 'breakfix-solution';

/** `commit` (baseline scheme only): the file as committed there, e.g. by a checker attempt. */
export function labTextUri(scheme: typeof BASELINE_SCHEME | typeof SOLUTION_SCHEME, labId: string, rel: string, commit?: string): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${labId}/${rel.replace(/\\/g, '/')}`, query: commit ? `commit=${commit}` : '' });
}

/** `/<lab>/<rel>` → parts; throws a clear error for anything else. */
export function parseLabTextPath(p: string): { labId: string; rel: string } {
  const m = /^\/([^/]+)\/(.+)$/.exec(p);
  if (!m || m[2].split('/').includes('..')) throw new Error(`not a Break/Fix lab file: "${p}" (expected /<lab id>/<file inside the lab>)`);
  return { labId: m[1], rel: m[2] };
}

export class LabTextProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { labId, rel } = parseLabTextPath(uri.path);
    await this.ctx.ensureCatalogue();
    const entry = this.ctx.findLab(labId);
    if (!entry) throw new Error(`there is no lab "${labId}" in this installation of Break/Fix Labs`);
    // A file missing on one side (added by the learner, untouched by the solution) diffs against empty text.
    if (uri.scheme === SOLUTION_SCHEME) return loadCore().solutionTexts(entry).get(rel) ?? '';
    const ws = this.ctx.workspaceDir;
    // Git runs only in a trusted workspace; the bundled file is the baseline's content otherwise.
    const commit = /^commit=([0-9a-f]{7,64})$/.exec(uri.query)?.[1];
    const committed = ws && vscode.workspace.isTrusted ? await loadCore().baselineFileText(ws, labId, rel, commit) : undefined;
    // An attempt's file that is not in its commit did not exist then.
    return committed ?? (commit ? '' : readOrEmpty(path.join(entry.dir, rel)));
  }
}

async function readOrEmpty(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => '');
}

export function registerLabText(ctx: Ctx): vscode.Disposable {
  const provider = new LabTextProvider(ctx);
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, provider),
    vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, provider),
  );
}
