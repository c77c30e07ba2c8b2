// What fault actions need: the engine client, cancellation and a log.
import type { Fault, Lab, LabEntry } from '../labs/types';
import { connectEngine } from '../runtime/engine';
import type { DockerClient } from '../runtime/dockerClient';
import { projectName, stackStatus } from '../runtime/stack';
import type { Logger, ServiceStatus } from '../runtime/types';

export interface FaultContext {
  docker: DockerClient;
  signal?: AbortSignal;
  log?: Logger;
}

export async function createFaultContext(opts: { docker?: DockerClient; signal?: AbortSignal; log?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<FaultContext> {
  const docker = opts.docker ?? (await connectEngine({ signal: opts.signal, env: opts.env }));
  return { docker, signal: opts.signal, log: opts.log };
}

/** Raised for a fault id the lab does not define. Lists the ones it does. */
export class UnknownFaultError extends Error {
  constructor(readonly lab: string, readonly faultId: string, readonly known: string[]) {
    super(`lab ${lab} has no fault "${faultId}". Faults: ${known.length ? known.join(', ') : '(none defined in lab.yaml)'}.`);
    this.name = 'UnknownFaultError';
  }
}

export function findFault(lab: Lab, id: string): Fault {
  const fault = lab.faults.find((f) => f.id === id);
  if (!fault) throw new UnknownFaultError(lab.id, id, lab.faults.map((f) => f.id));
  return fault;
}

export function resolveFault(entry: LabEntry, fault: Fault | string): Fault {
  return typeof fault === 'string' ? findFault(entry.lab, fault) : fault;
}

/** The Compose project's default network, which `network` faults disconnect from. */
export function defaultNetwork(entry: LabEntry): string {
  return `${projectName(entry.lab.id)}_default`;
}

export function statuses(ctx: FaultContext, entry: LabEntry): Promise<ServiceStatus[]> {
  return stackStatus(entry, { docker: ctx.docker, signal: ctx.signal });
}
