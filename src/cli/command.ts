import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './context';

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  /** Returns the exit code. */
  run(ctx: CliContext): Promise<number>;
}
