// Which lab a command acts on: the tree item it was invoked on, a lab id, or (given nothing) a quick pick.
// Whatever names a lab is resolved by its id in the current catalogue, so a tree node from before a reload
// still acts on its lab. A given argument that names no lab is reported; it never turns into "Pick a lab".
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
  const catalogue = await ctx.ensureCatalogue();
  if (!catalogue) {
    void vscode.window.showErrorMessage(`${opts.title}: the labs could not be loaded: ${ctx.state.loadError ?? 'unknown error'}`);
    return undefined;
  }
  // null: a view's title bar with nothing focused; like undefined (the Command Palette), nothing was given.
  if (arg !== undefined && arg !== null) {
    const id = labIdOf(arg);
    if (id === undefined) {
      ctx.log.warn(`${opts.title}: invoked with ${describeArg(arg)}, which names no lab`);
      void vscode.window.showErrorMessage(`${opts.title}: ${describeArg(arg)} is not a lab. Run it from a lab in the Labs view, or from the Command Palette.`);
      return undefined;
    }
    const entry = ctx.findLab(id);
    if (!entry) void vscode.window.showErrorMessage(`${opts.title}: there is no lab "${id}".`);
    return entry;
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

/**
 * The lab an argument names: a lab id; a tree node (a lab row carries `labId`; its children and the
 * Notes view's notes carry `entry` or `labId`); a LabEntry. Undefined for anything else.
 */
export function labIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { labId?: unknown; entry?: { lab?: { id?: unknown } }; lab?: { id?: unknown }; dir?: unknown };
  if (typeof o.labId === 'string') return o.labId;
  if (typeof o.entry?.lab?.id === 'string') return o.entry.lab.id;
  if (typeof o.lab?.id === 'string' && typeof o.dir === 'string') return o.lab.id;
  return undefined;
}

/** For a message: "the tree item \"engine\"" or the argument's type. */
function describeArg(arg: unknown): string {
  if (arg && typeof arg === 'object') {
    const kind = (arg as { kind?: unknown }).kind;
    return typeof kind === 'string' ? `the "${kind}" item` : 'the item it was run on';
  }
  return `the argument ${JSON.stringify(arg) ?? String(arg)}`;
}
