// A lock file serialising read-modify-write across processes: `<file>.lock`, created with O_EXCL and
// holding {pid, host, at, token}. A lock is stale when its owner on this host has exited, when it is
// older than `staleMs`, or when it is still empty after 2 s (its owner died between create and write).
// Stale locks are removed under a second short lock (`<lock>.break`) after re-reading the token, so two
// waiters that both saw the same stale lock cannot remove each other's fresh one.
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOptions {
  /** Age after which any lock is stale (default 30 s; the store holds it for milliseconds). */
  staleMs?: number;
  /** How long to wait for a live lock before giving up (default staleMs + 5 s). */
  timeoutMs?: number;
  /**
   * Called once when a live lock has been held against us for WAIT_NOTICE_MS, with who holds it and until
   * when we wait: a command that waits says so instead of sitting silent (the store holds it for
   * milliseconds, so normal contention never calls it).
   */
  onWait?: (notice: string) => void;
}

/** How long a waiter stays silent before `onWait` is called. */
export const WAIT_NOTICE_MS = 1000;

interface LockOwner {
  pid: number;
  host: string;
  at: string;
  token: string;
}

interface Seen {
  owner?: LockOwner;
  identity: string;
  ageMs: number;
}

const EMPTY_STALE_MS = 2000;
const BREAK_STALE_MS = 2000;

export class LockTimeoutError extends Error {}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const token = await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    release(lockPath, token);
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(lockPath: string, opts: LockOptions): Promise<string> {
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + (opts.timeoutMs ?? staleMs + 5000);
  const owner: LockOwner = { pid: process.pid, host: hostname(), at: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const noticeAt = Date.now() + WAIT_NOTICE_MS;
  let noticed = false;
  for (let wait = 2; ; wait = Math.min(wait * 1.5, 50)) {
    if (tryCreate(lockPath, JSON.stringify(owner))) {
      clearDeadBreaker(lockPath);
      return owner.token;
    }
    const seen = inspect(lockPath);
    if (!seen) continue;
    if (isStale(seen, staleMs)) {
      breakStale(lockPath, seen);
      continue;
    }
    const who = seen.owner ? `pid ${seen.owner.pid} on ${seen.owner.host} since ${seen.owner.at}` : 'a process that wrote no owner';
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`${lockPath} is held by ${who}. If no breakfix command or VS Code window is using this workspace, delete ${lockPath}.`);
    }
    if (!noticed && opts.onWait && Date.now() >= noticeAt) {
      noticed = true;
      opts.onWait(`waiting for ${lockPath}, held by ${who} (up to ${Math.ceil((deadline - Date.now()) / 1000)} s more)`);
    }
    await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } catch (err) {
    closeSync(fd);
    unlinkSafe(path);
    throw err;
  }
  closeSync(fd);
  return true;
}

/** The lock as it is now, or undefined when there is none. */
function inspect(lockPath: string): Seen | undefined {
  let fd: number;
  try {
    fd = openSync(lockPath, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const st = fstatSync(fd);
    const text = readFileSync(fd, 'utf8');
    const owner = parseOwner(text);
    const born = owner ? Date.parse(owner.at) : st.mtimeMs;
    return { owner, identity: owner?.token ?? `${st.ino}:${st.size}:${st.mtimeMs}`, ageMs: Date.now() - born };
  } finally {
    closeSync(fd);
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text);
    return typeof o?.pid === 'number' && typeof o.token === 'string' && typeof o.host === 'string' && typeof o.at === 'string' && !Number.isNaN(Date.parse(o.at)) ? o : undefined;
  } catch {
    return undefined;
  }
}

function isStale(seen: Seen, staleMs: number): boolean {
  if (!seen.owner) return seen.ageMs > EMPTY_STALE_MS;
  if (seen.owner.host === hostname() && !isProcessAlive(seen.owner.pid)) return true;
  return seen.ageMs > staleMs;
}

/** Removes the stale lock `seen`, unless it was replaced meanwhile. Only one process breaks at a time. */
function breakStale(lockPath: string, seen: Seen): void {
  const breaker = `${lockPath}.break`;
  if (!tryCreate(breaker, String(process.pid))) {
    // Another waiter is breaking it: its break lock lives for microseconds unless that waiter died.
    clearDeadBreaker(lockPath);
    return;
  }
  try {
    if (inspect(lockPath)?.identity === seen.identity) unlinkSafe(lockPath);
  } finally {
    unlinkSafe(breaker);
  }
}

/** Removes `<lock>.break` left by a waiter that died while breaking a stale lock. */
function clearDeadBreaker(lockPath: string): void {
  const breaker = `${lockPath}.break`;
  const text = readSafe(breaker);
  if (text === undefined) return;
  const pid = Number(text);
  const age = Date.now() - (statSafe(breaker)?.mtimeMs ?? Date.now());
  if (age > BREAK_STALE_MS || (pid > 0 && !isProcessAlive(pid))) unlinkSafe(breaker);
}

function release(lockPath: string, token: string): void {
  if (inspect(lockPath)?.owner?.token === token) unlinkSafe(lockPath);
}

function readSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function unlinkSafe(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
