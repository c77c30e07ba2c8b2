// Inject and revert a fault: http (a control endpoint), container (kill/stop/pause/restart), network (disconnect).
import type { ContainerFault, Fault, HttpAction, HttpFault, LabEntry, NetworkFault } from '../labs/types';
import type { ServiceStatus } from '../runtime/types';
import { defaultNetwork, FaultContext, resolveFault, statuses } from './context';
import { callAction, targetUrl } from '../runtime/http';
import { serviceContainers } from '../runtime/targets';
import { sleep } from '../runtime/timeout';

/** Applies the fault once. Does not verify it (see verifyFault). */
export async function injectFault(ctx: FaultContext, entry: LabEntry, fault: Fault | string): Promise<void> {
  const f = resolveFault(entry, fault);
  const st = await statuses(ctx, entry);
  switch (f.kind) {
    case 'http':
      return runHttp(ctx, entry, st, f, f.inject, 'inject');
    case 'container':
      return injectContainer(ctx, entry, st, f);
    case 'network':
      return injectNetwork(ctx, entry, st, f);
  }
}

/** Undoes the fault. Idempotent: reverting a fault that is not active changes nothing. */
export async function revertFault(ctx: FaultContext, entry: LabEntry, fault: Fault | string): Promise<void> {
  const f = resolveFault(entry, fault);
  const st = await statuses(ctx, entry);
  switch (f.kind) {
    case 'http':
      return runHttp(ctx, entry, st, f, f.revert, 'revert');
    case 'container':
      return revertContainer(ctx, entry, st, f);
    case 'network':
      return revertNetwork(ctx, entry, st, f);
  }
}

/**
 * Reverts every fault of the lab (each failure is collected, none stops the others). Returns the errors.
 * Network and container faults go first: a partitioned or stopped service cannot take the HTTP reverts.
 */
export async function revertAll(ctx: FaultContext, entry: LabEntry, faults: Fault[] = entry.lab.faults): Promise<Error[]> {
  const errors: Error[] = [];
  const order = { network: 0, container: 1, http: 2 };
  for (const f of [...faults].sort((a, b) => order[a.kind] - order[b.kind])) {
    try {
      await revertFault(ctx, entry, f);
    } catch (err) {
      errors.push(new Error(`reverting ${f.id}: ${(err as Error).message}`));
    }
  }
  return errors;
}

async function runHttp(ctx: FaultContext, entry: LabEntry, st: ServiceStatus[], f: HttpFault, action: HttpAction, what: string) {
  const url = targetUrl(entry, st, action);
  try {
    await callAction(url, action, { signal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    throw new Error(`${what} of fault ${f.id} failed: ${(err as Error).message}. Check faults: ${f.id}.${what} in lab.yaml and that ${action.service} is healthy.`);
  }
  ctx.log?.(`${f.id}: ${what} ${action.method} ${url}`);
}

async function injectContainer(ctx: FaultContext, entry: LabEntry, st: ServiceStatus[], f: ContainerFault) {
  const o = { signal: ctx.signal };
  for (const c of serviceContainers(entry, st, f.service)) {
    if (f.action === 'kill') {
      if (c.state === 'running') await ctx.docker.kill(c.containerId, o);
    } else if (f.action === 'stop') await ctx.docker.stop(c.containerId, o);
    else if (f.action === 'pause') {
      if (c.state !== 'paused') await pauseBetweenExecs(ctx, c.containerId);
    } else await ctx.docker.restart(c.containerId, o);
  }
  ctx.log?.(`${f.id}: ${f.action} ${f.service}`);
}

/**
 * Pauses a container once no exec runs in it (at most EXEC_WAIT_MS). Docker 20.10 can hang the unpause for
 * tens of seconds when the pause froze an exec mid-run, a healthcheck's probe say (lablup/backend.ai#1276):
 * a check then saw an 8 s broker freeze last 36 s. A probe takes a fraction of a second, every few seconds.
 */
async function pauseBetweenExecs(ctx: FaultContext, containerId: string) {
  const o = { signal: ctx.signal };
  const deadline = Date.now() + EXEC_WAIT_MS;
  while ((await ctx.docker.inspect(containerId, o)).ExecIDs?.length && Date.now() < deadline) await sleep(EXEC_POLL_MS, ctx.signal, 'waiting for an exec to end before the pause');
  await ctx.docker.pause(containerId, o);
}

const EXEC_WAIT_MS = 2_000;
const EXEC_POLL_MS = 25;

async function revertContainer(ctx: FaultContext, entry: LabEntry, st: ServiceStatus[], f: ContainerFault) {
  if (f.revert.action === 'none') return;
  const o = { signal: ctx.signal };
  let changed = false;
  for (const c of serviceContainers(entry, st, f.service)) {
    if (f.revert.action === 'unpause' && c.state === 'paused') {
      await ctx.docker.unpause(c.containerId, o);
      changed = true;
    } else if (f.revert.action === 'start' && c.state !== 'running' && c.state !== 'paused') {
      await ctx.docker.start(c.containerId, o);
      changed = true;
    }
  }
  if (changed) ctx.log?.(`${f.id}: ${f.revert.action} ${f.service}`);
}

async function injectNetwork(ctx: FaultContext, entry: LabEntry, st: ServiceStatus[], f: NetworkFault) {
  const network = defaultNetwork(entry);
  const o = { signal: ctx.signal };
  for (const c of serviceContainers(entry, st, f.service)) {
    const nets = await ctx.docker.containerNetworks(c.containerId, o);
    if (!nets.some((n) => n.network === network)) {
      if (nets.length && !nets.some((n) => n.network.endsWith('_default'))) {
        throw new Error(`fault ${f.id}: ${f.service} is not on ${network} (networks: ${nets.map((n) => n.network).join(', ')}). Network faults need the project's default network.`);
      }
      continue; // already disconnected
    }
    await ctx.docker.networkDisconnect(network, c.containerId, o);
  }
  ctx.log?.(`${f.id}: disconnected ${f.service} from ${network}`);
}

async function revertNetwork(ctx: FaultContext, entry: LabEntry, st: ServiceStatus[], f: NetworkFault) {
  const network = defaultNetwork(entry);
  const o = { signal: ctx.signal };
  let changed = false;
  for (const c of serviceContainers(entry, st, f.service)) {
    const nets = await ctx.docker.containerNetworks(c.containerId, o);
    if (nets.some((n) => n.network === network)) continue;
    // The service name as alias, so the others resolve it again.
    await ctx.docker.networkConnect(network, c.containerId, [f.service], o);
    changed = true;
  }
  if (changed) ctx.log?.(`${f.id}: reconnected ${f.service} to ${network}`);
}
