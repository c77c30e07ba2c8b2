// The lab spec as the Markdown preview shows it while an assessment of the lab runs:
// `breakfix-spec:/<lab>/README.md` is the bundled README without its acceptance signals (withoutAcceptance,
// with the lock message in their place). Read-only; the rule is the core's lockMessage.
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { lockMessage, withoutAcceptance } from '../core/assessment/locks';
import { assessmentPath } from '../core/workspace/paths';
import { loadCore } from './core';
import type { Ctx } from './ctx';

export const SPEC_SCHEME = 'breakfix-spec';

export function specUri(labId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SPEC_SCHEME, path: `/${labId}/README.md` });
}

/** The acceptance lock message for the lab now (read from the record), or undefined when not locked. */
export async function acceptanceLock(ctx: Ctx, labId: string): Promise<string | undefined> {
  const ws = ctx.workspaceDir;
  if (!ws || !existsSync(assessmentPath(ws))) return undefined;
  return lockMessage((await loadCore().readAssessment(ws)).record, labId, 'acceptance');
}

class SpecProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const labId = uri.path.split('/')[1] ?? '';
    await this.ctx.ensureCatalogue();
    const entry = this.ctx.findLab(labId);
    if (!entry) throw new Error(`there is no lab "${labId}" in this installation of Break/Fix Labs`);
    const readme = await fs.readFile(entry.readme, 'utf8');
    const locked = await acceptanceLock(this.ctx, labId);
    return locked ? withoutAcceptance(readme, locked) : readme;
  }
}

export function registerSpecText(ctx: Ctx): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SPEC_SCHEME, new SpecProvider(ctx));
}
