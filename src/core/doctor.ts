// `breakfix doctor` / "Break/Fix: Doctor": is everything a lab needs in place?
import { createServer } from 'node:net';
import { publishedPorts } from './labs/ports';
import type { Catalogue } from './labs/types';
import { connectEngine, detectCompose, projectName } from './runtime';
import type { DockerVersionInfo } from './runtime/dockerClient';
import type { CallOptions } from './runtime/types';

export interface DoctorCheck {
  id: string;
  title: string;
  ok: boolean;
  detail: string;
  fix?: string;
}
export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

export async function runDoctor(catalogue: Catalogue, opts: CallOptions & { composeOverride?: string; env?: NodeJS.ProcessEnv } = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  let ownPorts = new Map<number, string>();
  try {
    const docker = await connectEngine(opts);
    const v = await docker.version(opts);
    checks.push({ id: 'engine', title: 'Docker engine', ok: true, detail: `${engineProduct(v)} ${v.Version} (API ${v.ApiVersion}) at ${docker.endpoint.where}` });
    ownPorts = await portsOfRunningLabs(catalogue, docker, opts);
  } catch (err) {
    checks.push({ id: 'engine', title: 'Docker engine', ok: false, detail: (err as Error).message, fix: 'Start Docker Desktop (or dockerd), or set DOCKER_HOST to your engine.' });
  }
  try {
    const compose = await detectCompose({ override: opts.composeOverride, env: opts.env });
    checks.push({ id: 'compose', title: 'Docker Compose', ok: true, detail: `${compose.argv.join(' ')} ${compose.version} (${compose.kind}, ${compose.chosenBy})` });
  } catch (err) {
    checks.push({ id: 'compose', title: 'Docker Compose', ok: false, detail: (err as Error).message, fix: 'Install Docker Compose v2, or set BREAKFIX_COMPOSE / the breakfix.composeCommand setting.' });
  }
  for (const entry of catalogue.labs) {
    for (const p of await publishedPorts(entry.composeFile)) {
      const title = `Port ${p.host} (${entry.lab.id}/${p.service})`;
      if (p.hostIp !== '127.0.0.1') {
        checks.push({ id: `port-${p.host}`, title, ok: false, detail: `published on ${p.hostIp}, not 127.0.0.1`, fix: `Bind it to loopback in ${entry.composeFile}: "127.0.0.1:${p.host}:${p.container}".` });
      } else if (ownPorts.has(p.host)) {
        checks.push({ id: `port-${p.host}`, title, ok: true, detail: `in use by the running stack ${ownPorts.get(p.host)}` });
      } else if (await isPortFree(p.host)) {
        checks.push({ id: `port-${p.host}`, title, ok: true, detail: 'free' });
      } else {
        checks.push({ id: `port-${p.host}`, title, ok: false, detail: `127.0.0.1:${p.host} is taken by another process`, fix: `Stop whatever listens on ${p.host} (\`lsof -i :${p.host}\`), then start the lab.` });
      }
    }
  }
  for (const problem of catalogue.problems) {
    checks.push({ id: `lab-${problem.where}`, title: 'Lab definition', ok: false, detail: `${problem.where}: ${problem.message}`, fix: problem.hint });
  }
  return { ok: checks.every((c) => c.ok), checks };
}

async function portsOfRunningLabs(catalogue: Catalogue, docker: Awaited<ReturnType<typeof connectEngine>>, opts: CallOptions) {
  const map = new Map<number, string>();
  for (const entry of catalogue.labs) {
    const project = projectName(entry.lab.id);
    for (const s of await docker.projectContainers(project, opts)) for (const p of s.ports) map.set(p.host, project);
  }
  return map;
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** What GET /version says beyond DockerVersionInfo: Docker names its engine component "Engine", Podman "Podman Engine". */
export type EngineVersion = DockerVersionInfo & { Components?: { Name?: string; Version?: string }[]; Platform?: { Name?: string } };

/** Which product answers the Docker API: "Podman" when its version says so, else "Docker". */
export function engineProduct(v: EngineVersion): 'Docker' | 'Podman' {
  const names = [...(v.Components ?? []).map((c) => c.Name), v.Platform?.Name];
  return names.some((n) => typeof n === 'string' && /\bpodman\b/i.test(n)) ? 'Podman' : 'Docker';
}
