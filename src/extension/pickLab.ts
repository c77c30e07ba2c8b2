// Which lab a command acts on: the tree item it was invoked on, a lab id, or a quick pick.
import * as vscode from 'vscode';
import type { LabEntry } from '../core/labs/types';
import type { Ctx } from './ctx';
import { pollRunning } from './docker';
import { reportError } from './errors';
import { dockerAllowed } from './trust';

export interface PickOptions {
  /** Palette title, e.g. "Start Stack". */
  title: string;
  /** Only offer running labs (stop, logs). */
  runningOnly?: boolean;
}

export async function resolveLab(ctx: Ctx, arg: unknown, opts: PickOptions): Promise<LabEntry | undefined> {
  const given = fromNode(arg);
  if (given) return given;
  const catalogue = await ctx.ensureCatalogue();
  if (!catalogue) {
    void vscode.window.showErrorMessage(`${opts.title}: the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
    return undefined;
  }
  if (typeof arg === 'string') {
    const byId = ctx.findLab(arg);
    if (byId) return byId;
    void vscode.window.showErrorMessage(`${opts.title}: there is no lab "${arg}".`);
    return undefined;
  }
  // The view's poller may be idle (view hidden): ask Docker now.
  if (opts.runningOnly && dockerAllowed()) {
    try {
      await pollRunning(ctx, catalogue);
    } catch (err) {
      reportError(ctx, opts.title, err);
      return undefined;
    }
  }
  const labs = opts.runningOnly ? catalogue.labs.filter((e) => ctx.state.running.has(e.lab.id)) : catalogue.labs;
  if (labs.length === 0) {
    const why = opts.runningOnly ? 'no lab stack is running (start one with "Break/Fix: Start Stack")' : 'no labs are installed';
    void vscode.window.showInformationMessage(`${opts.title}: ${why}.`);
    return undefined;
  }
  if (labs.length === 1 && opts.runningOnly) return labs[0];
  const picked = await vscode.window.showQuickPick(
    labs.map((entry) => ({
      label: entry.lab.title,
      description: `${entry.lab.id} · ${entry.lab.level}`,
      detail: entry.lab.summary,
      entry,
    })),
    { title: opts.title, placeHolder: 'Pick a lab', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.entry;
}

function fromNode(arg: unknown): LabEntry | undefined {
  if (arg && typeof arg === 'object') {
    if ('entry' in arg) return (arg as { entry: LabEntry }).entry;
    if ('lab' in arg && 'dir' in arg) return arg as LabEntry;
  }
  return undefined;
}

/** "5/6 healthy": running services with a passing or no healthcheck, out of all. */
export function healthSummary(services: { state: string; health: string }[]): string {
  const ok = services.filter((s) => s.state === 'running' && (s.health === 'healthy' || s.health === 'none')).length;
  return `${ok}/${services.length} healthy`;
}
