// The running assessment's ticket as a read-only Markdown document, `breakfix-ticket:/<lab>/ticket.md`,
// which the Assessment view's ticket row opens in the Markdown preview: the ticket, the time, and the root
// causes a diagnosis chooses from (in the order this assessment offers them), as `breakfix assess ticket` prints.
import * as vscode from 'vscode';
import { runningFor } from '../core/assessment/record';
import { offeredOrder } from '../core/assessment/scenario';
import type { AssessmentRecord, RootCause } from '../core/assessment/types';
import { utcClock } from './assessment/countdown';
import { loadCore } from './core';
import type { Ctx } from './ctx';

export const TICKET_SCHEME = 'breakfix-ticket';

export function ticketUri(labId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TICKET_SCHEME, path: `/${labId}/ticket.md` });
}

export function ticketMarkdown(r: AssessmentRecord, rootCauses: RootCause[]): string {
  const { ticket } = r;
  return [
    `# INCIDENT: ${ticket.title}`,
    '',
    `Began ${r.incidentBeganAt.replace('T', ' ').slice(0, 16)} UTC on \`${r.lab}\` · you have ${r.minutes} minutes, until ${utcClock(r.deadline)}`,
    '',
    '## Symptoms',
    '',
    ...ticket.symptoms.map((s) => `- ${s}`),
    '',
    '## Impact',
    '',
    ticket.impact,
    '',
    '## Root causes to choose from in your diagnosis',
    '',
    ...offeredOrder(rootCauses, r.seed).map((c) => `- ${c.text} (\`${c.id}\`)`),
    '',
  ].join('\n');
}

class TicketProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const labId = uri.path.split('/')[1] ?? '';
    const ws = this.ctx.workspaceDir;
    const r = ws ? runningFor((await loadCore().readAssessment(ws)).record, labId) : undefined;
    if (!r) return `# No assessment of ${labId} is running\n\nStart one with "Break/Fix: Start Assessment…".\n`;
    await this.ctx.ensureCatalogue();
    const entry = this.ctx.findLab(labId);
    if (!entry) throw new Error(`there is no lab "${labId}" in this installation of Break/Fix Labs`);
    return ticketMarkdown(r, loadCore().loadAssessmentSpec(entry).rootCauses);
  }
}

export function registerTicketText(ctx: Ctx): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(TICKET_SCHEME, new TicketProvider(ctx));
}
