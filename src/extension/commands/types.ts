import type { Ctx } from '../ctx';

/** A command factory: built once with the context, invoked with the command's arguments. */
export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => Promise<void>;
