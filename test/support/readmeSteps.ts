// The README's "Your first lab": the actions it tells a learner to take, in order, by the title they read
// (**Start Lab**, **Run Check**, …). The unit suite checks that each is a real command or button; lab 1's
// e2e suite drives them and checks that it drove every one (Workbench.performed).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const README = resolve(__dirname, '../../README.md');

/** Bold names in the section that are not actions: the product's and the view's name, a tab. */
export const NOT_ACTIONS = ['Break/Fix Labs', 'Faults'];
/** Actions that are buttons, not commands: on the dashboard (Inject, Revert) and on the check's notification. */
export const BUTTONS = ['Inject', 'Revert', 'Open Report'];

/** Every **bold** in "## Your first lab", in order, once each. */
export function firstLabBolds(text = readFileSync(README, 'utf8')): string[] {
  const start = text.indexOf('\n## Your first lab');
  if (start < 0) throw new Error('README.md has no "## Your first lab" section');
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...new Set([...section.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1].trim()))];
}

/** The actions of the walkthrough, in order. */
export function firstLabActions(text?: string): string[] {
  return firstLabBolds(text).filter((b) => !NOT_ACTIONS.includes(b));
}
