// JSON over HTTP to a lab service's published port, bounded in time and cancellable.
import type { HttpAction, HttpTarget, LabEntry } from '../labs/types';
import type { ServiceStatus } from './types';
import { hostUrl } from './targets';

export const HTTP_TIMEOUT_MS = 5_000;

export interface HttpOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class HttpCallError extends Error {
  constructor(readonly url: string, detail: string, readonly status?: number) {
    super(`${url}: ${detail}`);
    this.name = 'HttpCallError';
  }
}

export function targetUrl(entry: LabEntry, statuses: ServiceStatus[], t: HttpTarget): string {
  return hostUrl(entry, statuses, t.service, t.port) + t.path;
}

/** Sends an action; resolves with the parsed JSON answer (or text) on 2xx, else throws HttpCallError. */
export async function callAction(url: string, action: Pick<HttpAction, 'method' | 'body'>, opts: HttpOptions = {}): Promise<unknown> {
  const hasBody = action.body !== undefined && action.method !== 'GET';
  return request(`${action.method} ${url}`, url, {
    method: action.method,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? JSON.stringify(action.body) : undefined,
  }, opts);
}

export function getJson(url: string, opts: HttpOptions = {}): Promise<unknown> {
  return request(`GET ${url}`, url, { method: 'GET' }, opts);
}

async function request(what: string, url: string, init: RequestInit, opts: HttpOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? HTTP_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal });
    text = await res.text();
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${Math.round((opts.timeoutMs ?? HTTP_TIMEOUT_MS) / 1000)} s` : networkReason(err);
    throw new HttpCallError(what, why);
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  if (!res.ok) throw new HttpCallError(what, `HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
  return body;
}

/** fetch hides the reason in `cause`: ECONNREFUSED, ECONNRESET, "bad port"… */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
}

/** Reads a dot path ("duplicates", "stats.lost", "items.0.id") from parsed JSON; undefined when absent. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) && /^\d+$/.test(key) ? cur[Number(key)] : (cur as Record<string, unknown>)[key];
  }
  return cur;
}
