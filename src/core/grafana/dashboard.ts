// A lab's Grafana dashboard: grafana/dashboards/<id>.json beside its lab.yaml, served by the compose
// service of the `grafana` profile. The dashboard in VS Code draws lab.yaml's `panels`; the Grafana one must
// draw the same panels (same title, same query), so that a learner who opens Grafana sees the same story.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { publishedPortsOf } from '../labs/ports';
import type { LabEntry, Panel } from '../labs/types';

/** The compose profile (and the service name) of a lab's Grafana. */
export const GRAFANA_PROFILE = 'grafana';

export interface GrafanaPanel {
  title: string;
  /** Every target's PromQL, in order. */
  exprs: string[];
}

export interface GrafanaDashboard {
  file: string;
  uid: string;
  title: string;
  panels: GrafanaPanel[];
}

/** What Compose would run for the lab's Grafana: its service, image and the host port of its :3000. */
export interface GrafanaService {
  service: string;
  image: string;
  hostIp: string;
  hostPort: number;
}

export class GrafanaError extends Error {}

export function grafanaDashboardFile(entry: LabEntry): string {
  return join(entry.dir, 'grafana', 'dashboards', `${entry.lab.id}.json`);
}

export function readGrafanaDashboard(entry: LabEntry, file = grafanaDashboardFile(entry)): GrafanaDashboard {
  let doc: { uid?: unknown; title?: unknown; panels?: unknown };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new GrafanaError(`${file}: ${(err as Error).message}. Every lab ships its Grafana dashboard there (docs/authoring.md).`);
  }
  if (typeof doc.uid !== 'string' || !doc.uid) throw new GrafanaError(`${file}: no "uid". Set it to the lab's id ("${entry.lab.id}"): the dashboard's URL is /d/<uid>.`);
  const panels = (Array.isArray(doc.panels) ? doc.panels : []).map((p: { title?: unknown; targets?: { expr?: unknown }[] }) => ({
    title: typeof p.title === 'string' ? p.title : '',
    exprs: (p.targets ?? []).map((t) => (typeof t.expr === 'string' ? t.expr : '')).filter(Boolean),
  }));
  return { file, uid: doc.uid, title: typeof doc.title === 'string' ? doc.title : doc.uid, panels };
}

const norm = (q: string) => q.replace(/\s+/g, ' ').trim();

export interface PanelParity {
  /** lab.yaml panels that no Grafana panel draws (by query). */
  missing: Panel[];
  /** Grafana panels whose queries are no lab.yaml panel's. */
  extra: GrafanaPanel[];
  /** Same query, another title. */
  retitled: { panel: Panel; grafanaTitle: string }[];
}

/** Compares lab.yaml's panels with the Grafana dashboard's, by query; titles must match too. */
export function panelParity(panels: readonly Panel[], dashboard: GrafanaDashboard): PanelParity {
  const byQuery = new Map<string, GrafanaPanel>();
  for (const g of dashboard.panels) for (const e of g.exprs) byQuery.set(norm(e), g);
  const labQueries = new Set(panels.map((p) => norm(p.query)));
  const missing: Panel[] = [];
  const retitled: PanelParity['retitled'] = [];
  for (const p of panels) {
    const g = byQuery.get(norm(p.query));
    if (!g) missing.push(p);
    else if (g.title !== p.title) retitled.push({ panel: p, grafanaTitle: g.title });
  }
  const extra = dashboard.panels.filter((g) => !g.exprs.some((e) => labQueries.has(norm(e))));
  return { missing, extra, retitled };
}

/** The lab's `grafana` profile service in its compose.yaml; undefined when it has none. */
export function grafanaService(composeFile: string): GrafanaService | undefined {
  const doc = parse(readFileSync(composeFile, 'utf8')) as { services?: Record<string, { image?: unknown } | null> } | null;
  const inProfile = (_: string, def: Record<string, unknown>) => Array.isArray(def.profiles) && def.profiles.includes(GRAFANA_PROFILE);
  const port = publishedPortsOf(doc, inProfile).find((p) => p.container === 3000);
  if (!port) return undefined;
  return { service: port.service, image: String(doc?.services?.[port.service]?.image ?? ''), hostIp: port.hostIp, hostPort: port.host };
}

/** Where the browser opens a lab's dashboard. */
export function grafanaDashboardUrl(g: GrafanaService, uid: string): string {
  const host = g.hostIp === '0.0.0.0' ? '127.0.0.1' : g.hostIp;
  return `http://${host}:${g.hostPort}/d/${encodeURIComponent(uid)}`;
}
