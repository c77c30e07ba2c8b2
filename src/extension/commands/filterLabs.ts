// breakfix.filterLabs: narrow the tree by level, then by domain.
import * as vscode from 'vscode';
import type { Lab } from '../../core/labs/types';
import type { CommandFactory } from './types';

const LEVELS = ['beginner', 'intermediate', 'advanced'];
const ANY = '$(list-flat) Any';

export const filterLabs: CommandFactory = (ctx) => async () => {
  const catalogue = await ctx.ensureCatalogue();
  if (!catalogue) {
    void vscode.window.showErrorMessage(`Filter Labs: the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
    return;
  }
  const { labs } = catalogue;
  const current = ctx.state.filter;
  const count = (pred: (lab: Lab) => boolean) => `${labs.filter((e) => pred(e.lab)).length} labs`;

  const level = await vscode.window.showQuickPick(
    [
      { label: ANY, value: undefined as string | undefined, description: 'every level' },
      ...LEVELS.map((l) => ({ label: l, value: l as string | undefined, description: count((lab) => lab.level === l), picked: current.level === l })),
    ],
    { title: 'Filter Labs (1/2): level', placeHolder: current.level ? `now: ${current.level}` : 'any level' },
  );
  if (!level) return;

  const domains = [...new Set(labs.flatMap((e) => e.lab.domains))].sort();
  const domain = await vscode.window.showQuickPick(
    [
      { label: ANY, value: undefined as string | undefined, description: 'every domain' },
      ...domains.map((d) => ({ label: `#${d}`, value: d as string | undefined, description: count((lab) => lab.domains.includes(d)) })),
    ],
    { title: 'Filter Labs (2/2): domain', placeHolder: current.domain ? `now: #${current.domain}` : 'any domain' },
  );
  if (!domain) return;

  ctx.setFilter({ level: level.value, domain: domain.value });
};
