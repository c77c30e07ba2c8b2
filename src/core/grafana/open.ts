// Grafana on demand: `breakfix up <lab> --grafana` and the extension's Open in Grafana start the lab's stack
// with its `grafana` profile (the stack as `up` runs it, plus Grafana provisioned with the lab's Prometheus
// and dashboard), wait until it is healthy, and answer the dashboard's URL. Grafana's image comes from a
// registry: on an engine that has neither the image nor a registry, the error says so before Compose's does.
import type { LabEntry } from '../labs/types';
import type { DockerClient } from '../runtime/dockerClient';
import { stackUp, type StackUpOptions } from '../runtime/stack';
import type { ServiceStatus } from '../runtime/types';
import { GRAFANA_PROFILE, GrafanaError, grafanaDashboardUrl, grafanaService, readGrafanaDashboard, type GrafanaService } from './dashboard';

export interface GrafanaStart {
  url: string;
  grafana: GrafanaService;
  services: ServiceStatus[];
}

/** The options of the `up` that starts Grafana: the caller's, with the grafana profile added. */
export function grafanaUpOptions(opts: StackUpOptions): StackUpOptions {
  return { ...opts, profiles: [...new Set([...(opts.profiles ?? []), GRAFANA_PROFILE])] };
}

/** The lab's Grafana and dashboard, or a GrafanaError that says what is missing and where. */
export function grafanaPlan(entry: LabEntry): { grafana: GrafanaService; url: string } {
  const grafana = grafanaService(entry.composeFile);
  if (!grafana) {
    throw new GrafanaError(
      `${entry.lab.id} has no Grafana: its compose.yaml has no service in the "${GRAFANA_PROFILE}" profile that publishes port 3000. Its dashboard in VS Code (Open Dashboard) draws the same panels.`,
    );
  }
  return { grafana, url: grafanaDashboardUrl(grafana, readGrafanaDashboard(entry).uid) };
}

/** Starts the stack with Grafana (build, up, wait healthy) and answers the dashboard's URL. */
export async function startGrafana(entry: LabEntry, opts: StackUpOptions & { docker: DockerClient }): Promise<GrafanaStart> {
  const { grafana, url } = grafanaPlan(entry);
  const hadImage = grafana.image ? Boolean(await opts.docker.imageId(grafana.image, { signal: opts.signal })) : true;
  opts.log?.(hadImage ? `Starting ${entry.lab.id} with Grafana (${grafana.image})…` : `Grafana's image ${grafana.image} is not on this engine: Compose pulls it first (this needs a registry, once).`);
  try {
    const services = await stackUp(entry, grafanaUpOptions(opts));
    return { url, grafana, services };
  } catch (err) {
    if (hadImage || (await opts.docker.imageId(grafana.image).catch(() => undefined))) throw err;
    const why = String((err as Error).message).split('\n').find((l) => l.trim()) ?? '';
    throw new GrafanaError(
      `Grafana's image ${grafana.image} is not on this engine and could not be pulled: ${why.slice(0, 300)}\n` +
        `Grafana needs access to a container registry (Docker Hub) the first time, or the image loaded by hand (docker load). ` +
        `The lab's stack itself needs neither, and its dashboard in VS Code (Open Dashboard) draws the same panels.`,
    );
  }
}
