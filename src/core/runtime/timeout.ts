// One place that bounds a call in time and lets the caller cancel it.
import { CallOptions, CancelledError, TimeoutError } from './types';

/** Default bound of a single Docker API call. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/**
 * Races `work` against `opts.timeoutMs` (default `defaultMs`; 0 or Infinity means no bound) and `opts.signal`.
 * Pass a function to receive an AbortSignal that fires on timeout or cancellation, so the work itself
 * stops (an HTTP request is destroyed, a child process is killed) instead of running on unobserved.
 */
export function withTimeout<T>(
  work: Promise<T> | ((signal: AbortSignal) => Promise<T>),
  opts: CallOptions = {},
  what = 'Docker call',
  defaultMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<T> {
  const ms = opts.timeoutMs ?? defaultMs;
  const inner = new AbortController();
  if (opts.signal?.aborted) {
    inner.abort();
    return Promise.reject(new CancelledError(what));
  }
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => settle(() => reject(new CancelledError(what)), true);
    function settle(fn: () => void, abortWork = false) {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (abortWork) inner.abort();
      fn();
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (ms > 0 && Number.isFinite(ms)) {
      timer = setTimeout(() => settle(() => reject(new TimeoutError(what, ms)), true), ms);
    }
    let promise: Promise<T>;
    try {
      promise = typeof work === 'function' ? work(inner.signal) : work;
    } catch (err) {
      settle(() => reject(err));
      return;
    }
    // A promise settles once: a late rejection after a timeout is ignored here.
    promise.then(
      (value) => settle(() => resolve(value)),
      (err) => settle(() => reject(err)),
    );
  });
}

/** True for errors that mean "the caller cancelled", ours or a platform AbortError. */
export function isCancelled(err: unknown): boolean {
  return err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError');
}

/** Resolves after `ms`, or rejects with CancelledError when `signal` fires first. */
export function sleep(ms: number, signal?: AbortSignal, what = 'wait'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(what));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError(what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
