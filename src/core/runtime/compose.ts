// The Docker Compose CLI: find it (v2 `docker compose`, else v1 `docker-compose`) and run it without a shell.
import { spawn } from 'node:child_process';
import { LineSplitter } from './lines';
import { CallOptions, CancelledError, ComposeCli, ComposeError, ComposeNotFoundError, Logger, TimeoutError } from './types';

export const COMPOSE_ENV_VAR = 'BREAKFIX_COMPOSE';
const DETECT_TIMEOUT_MS = 15_000;
/** After SIGTERM, how long a child gets before SIGKILL. */
const KILL_GRACE_MS = 5_000;
/** Lines of output kept for error messages. */
const KEEP_LINES = 40;

export interface DetectComposeOptions extends CallOptions {
  /** A command line such as "docker compose", "docker-compose" or "/opt/bin/docker-compose" (a setting). */
  override?: string;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
}

/** The override (argument, then BREAKFIX_COMPOSE) wins; else `docker compose` (v2), else `docker-compose` (v1). */
export async function detectCompose(opts: DetectComposeOptions = {}): Promise<ComposeCli> {
  const env = opts.env ?? process.env;
  const override = opts.override?.trim() ? opts.override : env[COMPOSE_ENV_VAR]?.trim() ? env[COMPOSE_ENV_VAR] : undefined;
  const probe = (argv: string[]) =>
    runCommand(argv, ['version', '--short'], { env, signal: opts.signal, timeoutMs: opts.timeoutMs ?? DETECT_TIMEOUT_MS, what: `${argv.join(' ')} version` });

  if (override !== undefined) {
    const chosenBy = opts.override?.trim() ? 'setting' : COMPOSE_ENV_VAR;
    const argv = parseCommandLine(override);
    if (!argv.length) throw new ComposeNotFoundError(`${chosenBy} is empty`);
    try {
      const version = parseComposeVersion((await probe(argv)).stdout);
      return { kind: composeKind(version), argv, version, chosenBy };
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      throw new ComposeNotFoundError(`${chosenBy}="${override}" does not run: ${firstLine(err)}`);
    }
  }

  const tried: string[] = [];
  for (const argv of [['docker', 'compose'], ['docker-compose']]) {
    try {
      const version = parseComposeVersion((await probe(argv)).stdout);
      opts.log?.(`Using ${argv.join(' ')} ${version}`);
      return { kind: composeKind(version), argv, version, chosenBy: 'detected' };
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      tried.push(`${argv.join(' ')}: ${firstLine(err)}`);
    }
  }
  throw new ComposeNotFoundError(`tried ${tried.join('; ')}`);
}

/** "v2.24.6" / "2.24.6-desktop.1" / "1.29.2" / "docker-compose version 1.29.2, build …" → the version number. */
export function parseComposeVersion(stdout: string[]): string {
  const text = stdout.join('\n');
  const m = /v?(\d+\.\d+(?:\.\d+)?[^\s,]*)/.exec(text);
  if (!m) throw new Error(`unexpected version output "${text.trim().slice(0, 80)}"`);
  return m[1];
}

export function composeKind(version: string): ComposeCli['kind'] {
  return Number(version.split('.')[0]) >= 2 ? 'v2' : 'v1';
}

/** `up --wait` exists from Compose v2.1.1. */
export function supportsWait(cli: ComposeCli): boolean {
  return cli.kind === 'v2' && compareVersions(cli.version, '2.1.1') >= 0;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).slice(0, 3).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Splits a command line into argv: whitespace separates, single or double quotes group (for paths with spaces). */
export function parseCommandLine(line: string): string[] {
  const argv: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) argv.push(m[1] ?? m[2] ?? m[3]);
  return argv;
}

/** The environment of Compose children. BuildKit is left to the user: forcing it breaks CLIs without buildx. */
export function composeEnv(base: NodeJS.ProcessEnv = process.env, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...base, ...extra };
}

export interface RunOptions extends CallOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every output line (stdout and stderr). */
  log?: Logger;
  /** Only stdout lines (for example `compose logs`). When set, stdout lines do not go to `log`. */
  onStdoutLine?: Logger;
  /** Names the command in errors. */
  what?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string[];
  /** The last lines of stdout and stderr together, as the user would have seen them. */
  tail: string[];
}

/** Runs a Compose subcommand: `<cli.argv> <args>`. Rejects with ComposeError on a non-zero exit. */
export function runCompose(cli: ComposeCli, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runCommand(cli.argv, args, { ...opts, env: composeEnv(opts.env), what: opts.what ?? `${cli.argv.join(' ')} ${args.find((a) => !a.startsWith('-') && !isOptionValue(args, a)) ?? ''}`.trim() });
}

// "-f x -p y up -d": the subcommand is the first word that is not an option or an option's value.
function isOptionValue(args: string[], a: string) {
  const i = args.indexOf(a);
  return i > 0 && ['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file'].includes(args[i - 1]);
}

/**
 * Spawns argv + args (no shell), streams lines, and bounds it: on timeout or abort the child gets SIGTERM,
 * then SIGKILL, and the promise settles only once it has exited.
 */
export function runCommand(argv: string[], args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const what = opts.what ?? argv.join(' ');
  return new Promise<RunResult>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new CancelledError(what));
    const stdout: string[] = [];
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > KEEP_LINES) tail.shift();
    };
    let stopReason: Error | undefined;
    let timer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const child = spawn(argv[0], [...argv.slice(1), ...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // Own process group on POSIX, so a stop reaches the children Compose forks (v1 is a PyInstaller launcher).
      detached: process.platform !== 'win32',
    });
    const out = new LineSplitter((line) => {
      stdout.push(line);
      if (stdout.length > 10_000) stdout.shift();
      keep(line);
      if (opts.onStdoutLine) opts.onStdoutLine(line);
      else opts.log?.(line);
    });
    const err = new LineSplitter((line) => {
      keep(line);
      opts.log?.(line);
    });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));

    const signalAll = (sig: NodeJS.Signals) => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // Already gone.
      }
    };
    const stop = (reason: Error) => {
      if (stopReason) return;
      stopReason = reason;
      signalAll('SIGTERM');
      killTimer = setTimeout(() => signalAll('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = () => stop(new CancelledError(what));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const ms = opts.timeoutMs;
    if (ms && ms > 0 && Number.isFinite(ms)) timer = setTimeout(() => stop(new TimeoutError(what, ms)), ms);

    // killTimer is left running after a stop: the SIGKILL reaches stragglers of the group.
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      // Spawn failed (ENOENT: not installed). 'close' may not follow.
      cleanup();
      reject(stopReason ?? e);
    });
    child.on('exit', () => {
      if (!stopReason) return;
      // Stopped: settle when the process is gone, without waiting for pipes a straggler may hold.
      cleanup();
      child.stdout.destroy();
      child.stderr.destroy();
      reject(stopReason);
    });
    child.on('close', (code) => {
      if (stopReason) return; // settled on 'exit'
      cleanup();
      out.flush();
      err.flush();
      if (code === null) reject(new ComposeError(what, null, tail));
      else if (code === 0) resolve({ exitCode: 0, stdout, tail });
      else reject(new ComposeError(what, code, tail));
    });
  });
}

function firstLine(err: unknown): string {
  if (err instanceof ComposeError) return err.output.filter(Boolean).slice(-1)[0] ?? err.message.split('\n')[0];
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'command not found';
  return String(e?.message ?? err).split('\n')[0];
}
