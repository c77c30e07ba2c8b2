// The load service's control API (checker-contract.md, Scenario 2). The load generator is a long-lived
// service of the stack: POST /runs {requests, rate} starts a run and answers at once, GET /runs/<id>
// reports it, with the summary once it is done; DELETE /runs/<id> stops it. No container is created per check.
import type { LabEntry } from '../labs/types';
import { callAction, getJson, HttpCallError } from '../runtime/http';
import { hostUrl } from '../runtime/targets';
import { sleep } from '../runtime/timeout';
import type { ServiceStatus } from '../runtime/types';
import type { LoadSummary } from './types';

/** A load run as the load service reports it. */
export interface LoadRun {
  id: string;
  state: 'running' | 'done' | 'failed' | 'stopped';
  requests: number;
  rate: number;
  startedAt: string;
  finishedAt: string | null;
  sent: number;
  summary: LoadSummary | null;
  error: string | null;
}

export const LOAD_POLL_MS = 500;

/** http://127.0.0.1:<host port> of the scenario's load service. */
export function loadUrl(entry: LabEntry, statuses: ServiceStatus[]): string {
  const load = entry.lab.scenario!.load;
  return hostUrl(entry, statuses, load.service, load.port);
}

/**
 * Starts a run. A run still going (a learner's own, or one a cancelled check left) is stopped first:
 * a check's load is exactly the scenario's.
 */
export async function startLoad(url: string, requests: number, rate: number, opts: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<LoadRun> {
  const post = () => callAction(`${url}/runs`, { method: 'POST', body: { requests, rate } }, { signal: opts.signal });
  try {
    return asRun(await post(), url);
  } catch (err) {
    if (!(err instanceof HttpCallError) || err.status !== 409) throw err;
  }
  const current = asRun(await getJson(`${url}/runs/latest`, { signal: opts.signal }), url);
  opts.log?.(`[check] load: stopping run ${current.id}, still going from before`);
  await stopLoad(url, current.id, opts.signal);
  for (let i = 0; i < 40 && (await readRun(url, current.id, opts.signal)).state === 'running'; i++) await sleep(250, opts.signal, 'waiting for the load to stop');
  return asRun(await post(), url);
}

export function readRun(url: string, id: string, signal?: AbortSignal): Promise<LoadRun> {
  return getJson(`${url}/runs/${encodeURIComponent(id)}`, { signal }).then((v) => asRun(v, url));
}

export async function stopLoad(url: string, id: string, signal?: AbortSignal): Promise<void> {
  await callAction(`${url}/runs/${encodeURIComponent(id)}`, { method: 'DELETE' }, { signal, timeoutMs: 5_000 });
}

/** Polls the run until it is done; its summary. A failed or stopped run, or the timeout, throws. */
export async function waitForLoad(url: string, id: string, opts: { signal?: AbortSignal; timeoutMs: number; service: string }): Promise<LoadSummary> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const run = await readRun(url, id, opts.signal);
    if (run.state === 'done') return checkSummary(run.summary, opts.service);
    if (run.state !== 'running') throw new Error(`load service "${opts.service}": run ${id} ${run.state}${run.error ? `: ${run.error}` : ''} (after ${run.sent} of ${run.requests} requests)`);
    if (Date.now() > deadline) throw new Error(`load service "${opts.service}": run ${id} still going after ${Math.round(opts.timeoutMs / 1000)} s (${run.sent} of ${run.requests} requests sent)`);
    await sleep(LOAD_POLL_MS, opts.signal, 'waiting for the load');
  }
}

function asRun(v: unknown, url: string): LoadRun {
  const r = v as Partial<LoadRun> | null;
  if (!r || typeof r !== 'object' || typeof r.id !== 'string' || typeof r.state !== 'string') {
    throw new Error(`${url}/runs answered ${JSON.stringify(v)?.slice(0, 200)}, not a load run {id, state, …} (checker-contract.md, Scenario 2)`);
  }
  return r as LoadRun;
}

/** A run's summary, checked against the contract's fields. */
export function checkSummary(v: unknown, service = 'load'): LoadSummary {
  const s = v as Record<string, unknown> | null;
  if (!s || typeof s !== 'object') throw new Error(`load service "${service}": a finished run has no summary`);
  const missing = ['sent', 'accepted', 'achievedRate'].filter((k) => typeof s[k] !== 'number');
  if (missing.length) throw new Error(`load service "${service}": its summary lacks ${missing.join(', ')}: ${JSON.stringify(s).slice(0, 200)}`);
  return s as unknown as LoadSummary;
}
