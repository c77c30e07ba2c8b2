// `breakfix`: argument parsing and printing only; the work is in src/core.
import { parseArgs } from 'node:util';
import { EngineUnreachableError } from '../core/runtime/types';
import type { CliCommand } from './command';
import { assess } from './commands/assess';
import { attempts } from './commands/attempts';
import { breakCommand } from './commands/break';
import { check } from './commands/check';
import { doctor } from './commands/doctor';
import { exportCommand } from './commands/export';
import { down } from './commands/down';
import { faults } from './commands/faults';
import { heal } from './commands/heal';
import { hint } from './commands/hint';
import { lint } from './commands/lint';
import { newLab } from './commands/new';
import { list } from './commands/list';
import { logs } from './commands/logs';
import { mcp } from './commands/mcp';
import { mistakes } from './commands/mistakes';
import { next } from './commands/next';
import { note } from './commands/note';
import { progress } from './commands/progress';
import { reset } from './commands/reset';
import { show } from './commands/show';
import { solution } from './commands/solution';
import { start } from './commands/start';
import { status } from './commands/status';
import { up } from './commands/up';
import { writeup } from './commands/writeup';
import { makeContext, UsageError } from './context';
import { closest } from '../core/labs/suggest';

/** Every `breakfix` command, in the order help lists them. */
export const commands: CliCommand[] = [list, show, start, up, down, status, logs, breakCommand, heal, faults, check, attempts, doctor, lint, newLab, progress, next, note, mistakes, hint, reset, solution, writeup, exportCommand, assess, mcp];

function help(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return ['Usage: breakfix <command> [options]', '', 'Commands:', ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`), '', 'Run `breakfix help` for this list.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const guess = closest(name, commands.map((c) => c.name));
    process.stderr.write(`breakfix: unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''}\n\n${help()}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('cancelled (Ctrl-C)'));
  process.once('SIGINT', onSigint);
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    return await command.run(makeContext(positionals, values, controller.signal));
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`breakfix ${name}: ${e.message}\nUsage: breakfix ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`breakfix ${name}: ${err instanceof EngineUnreachableError ? e.message : e.stack && process.env.BREAKFIX_DEBUG ? e.stack : e.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * Exits once everything written to stdout and stderr has been handed to the OS. Writes to a pipe are
 * asynchronous: process.exit() right after them cut a large `--json` short (`| jq` read invalid JSON).
 * A write's callback runs after every earlier write on that stream, so an empty write marks the end.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = () => {
    if (--open === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

if (require.main === module) main(process.argv.slice(2)).then(exitWhenFlushed);
