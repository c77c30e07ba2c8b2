// Asking before something that cannot be undone: --yes, or a y/N prompt on a terminal. Never a silent yes.
import { createInterface } from 'node:readline/promises';
import type { CliContext } from './context';

/** True when --yes was given or the user typed y on a terminal; false (with how to confirm) otherwise. */
export async function confirm(ctx: CliContext, question: string, how: string): Promise<boolean> {
  if (ctx.flags.yes === true) return true;
  if (!process.stdin.isTTY) {
    ctx.err(`${question} Not confirmed: ${how}`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
