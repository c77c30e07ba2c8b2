// Does a fault's verify condition hold right now? And: poll it until it does (≤ 5 s).
import { isDeepStrictEqual } from 'node:util';
import type { Fault, LabEntry, Verify } from '../labs/types';
import { compare, singleValue } from '../metrics/compare';
import { prometheusFor } from '../metrics/prometheus';
import { sleep } from '../runtime/timeout';
import type { ServiceStatus } from '../runtime/types';
import { defaultNetwork, FaultContext, resolveFault, statuses } from './context';
import { getJson, getPath, targetUrl } from '../runtime/http';
import { serviceContainers } from '../runtime/targets';

export const VERIFY_TIMEOUT_MS = 5_000;
export const VERIFY_INTERVAL_MS = 250;

export interface VerifyResult {
  holds: boolean;
  /** What was observed, e.g. "GET http://127.0.0.1:18081/admin/faults → outage = true". */
  detail: string;
}

export class FaultNotActiveError extends Error {
  constructor(readonly faultId: string, readonly detail: string, ms: number) {
    super(`fault ${faultId} did not become active within ${ms / 1000} s: ${detail}. Check the fault's inject and verify in lab.yaml (faults: ${faultId}).`);
    this.name = 'FaultNotActiveError';
  }
}

/** Evaluates a verify condition once against the running stack. */
export async function checkVerify(ctx: FaultContext, entry: LabEntry, verify: Verify, known?: ServiceStatus[]): Promise<VerifyResult> {
  const st = known ?? (await statuses(ctx, entry));
  if ('probe' in verify) {
    const url = targetUrl(entry, st, verify.probe);
    const body = await getJson(url, { signal: ctx.signal });
    const actual = getPath(body, verify.expect.path);
    const holds = isDeepStrictEqual(actual, verify.expect.equals);
    return { holds, detail: `GET ${url} → ${verify.expect.path} = ${JSON.stringify(actual)} (want ${JSON.stringify(verify.expect.equals)})` };
  }
  if ('container' in verify) {
    const states = serviceContainers(entry, st, verify.container).map((c) => c.state);
    return { holds: states.every((s) => s === verify.state), detail: `${verify.container} is ${states.join(', ')} (want ${verify.state})` };
  }
  if ('network' in verify) {
    const network = defaultNetwork(entry);
    const attached = await Promise.all(
      serviceContainers(entry, st, verify.network).map(async (c) => (await ctx.docker.containerNetworks(c.containerId, { signal: ctx.signal })).some((n) => n.network === network)),
    );
    const holds = attached.every((a) => a === verify.connected);
    return { holds, detail: `${verify.network} is ${attached.every(Boolean) ? 'connected to' : 'disconnected from'} ${network} (want ${verify.connected ? 'connected' : 'disconnected'})` };
  }
  const samples = await prometheusFor(entry, st).query(verify.promql, undefined, { signal: ctx.signal });
  const v = singleValue(samples);
  return { holds: compare(v.value, verify.op, verify.threshold), detail: `${verify.promql} = ${v.value ?? v.note} (want ${verify.op} ${verify.threshold})` };
}

/** Polls the fault's verify every 250 ms until it holds; throws FaultNotActiveError after 5 s. */
export async function verifyFault(
  ctx: FaultContext,
  entry: LabEntry,
  fault: Fault | string,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<VerifyResult> {
  const f = resolveFault(entry, fault);
  const timeoutMs = opts.timeoutMs ?? VERIFY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let last = 'not checked';
  for (;;) {
    try {
      const r = await checkVerify(ctx, entry, f.verify);
      if (r.holds) return r;
      last = r.detail;
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      last = (err as Error).message;
    }
    if (Date.now() >= deadline) throw new FaultNotActiveError(f.id, last, timeoutMs);
    await sleep(Math.min(opts.intervalMs ?? VERIFY_INTERVAL_MS, Math.max(1, deadline - Date.now())), ctx.signal, `verifying fault ${f.id}`);
  }
}

export interface FaultState {
  id: string;
  title: string;
  kind: Fault['kind'];
  /** Verify holds now; null when it could not be evaluated (see detail). */
  active: boolean | null;
  detail: string;
}

/** Which faults are active now: each fault's verify, evaluated once. */
export async function faultStates(ctx: FaultContext, entry: LabEntry): Promise<FaultState[]> {
  const st = await statuses(ctx, entry);
  return Promise.all(
    entry.lab.faults.map(async (f): Promise<FaultState> => {
      const base = { id: f.id, title: f.title, kind: f.kind };
      if (!st.length) return { ...base, active: null, detail: 'stack not running' };
      try {
        const r = await checkVerify(ctx, entry, f.verify, st);
        return { ...base, active: r.holds, detail: r.detail };
      } catch (err) {
        if (ctx.signal?.aborted) throw err;
        return { ...base, active: null, detail: (err as Error).message };
      }
    }),
  );
}
