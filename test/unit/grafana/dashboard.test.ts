// A lab's Grafana: its dashboard draws every panel of the lab's dashboard in VS Code (same title, same
// query), its compose service is provisioned from the kit with the lab's Prometheus and that dashboard, and
// the `up` that starts it names the grafana profile. Grafana itself cannot run on the project's machines (no
// registry has its image), so these are read from the files; the README says that Grafana needs a registry.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { GRAFANA_PROFILE, GrafanaError, grafanaDashboardUrl, grafanaPlan, grafanaService, grafanaUpOptions, panelParity, readGrafanaDashboard } from '../../../src/core/grafana';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';
import { upArgs } from '../../../src/core/runtime/stack';

const LABS = resolve(__dirname, '../../../labs');
const KIT = join(LABS, '_kit');

describe('grafana: every lab has Grafana on demand, with the same panels as its dashboard', () => {
  let labs: LabEntry[] = [];
  before(async () => {
    labs = (await loadCatalogue(LABS)).labs;
    assert.ok(labs.length >= 6, `found ${labs.length} labs`);
  });

  it("panel parity: each lab's Grafana dashboard draws every lab.yaml panel, with its title, and nothing else", () => {
    const problems: string[] = [];
    for (const e of labs) {
      const dash = readGrafanaDashboard(e);
      const p = panelParity(e.lab.panels, dash);
      for (const m of p.missing) problems.push(`${e.lab.id}: panel ${m.id} ("${m.title}") is not in ${dash.file}`);
      for (const x of p.extra) problems.push(`${e.lab.id}: Grafana panel "${x.title}" is no lab.yaml panel`);
      for (const r of p.retitled) problems.push(`${e.lab.id}: panel ${r.panel.id} is "${r.panel.title}" in lab.yaml, "${r.grafanaTitle}" in Grafana`);
      assert.equal(dash.uid, e.lab.id, `${e.lab.id}: the dashboard's uid (its URL) is the lab's id`);
    }
    assert.deepEqual(problems, []);
  });

  it('parity finds a missing, an extra and a retitled panel, and ignores whitespace in queries', () => {
    const panels = [
      { id: 'a', title: 'A', query: 'sum(rate(x[15s]))', unit: 'reqps' as const },
      { id: 'b', title: 'B', query: 'max(y)', unit: 'count' as const },
      { id: 'c', title: 'C', query: 'max(z)', unit: 'count' as const },
    ];
    const p = panelParity(panels, { file: 'f', uid: 'u', title: 't', panels: [{ title: 'A', exprs: ['sum(rate(x[15s]) )'.replace(') )', '))')] }, { title: 'B2', exprs: ['max( y)'.replace('( ', '(')] }, { title: 'D', exprs: ['max(w)'] }] });
    assert.deepEqual(p.missing.map((m) => m.id), ['c']);
    assert.deepEqual(p.extra.map((x) => x.title), ['D']);
    assert.deepEqual(p.retitled.map((r) => [r.panel.id, r.grafanaTitle]), [['b', 'B2']]);
  });

  it("each lab's grafana service is provisioned from the kit: Prometheus as the datasource its panels name, the lab's dashboard as home, port 3000 on 127.0.0.1", () => {
    const datasource = parse(readFileSync(join(KIT, 'grafana/provisioning/datasources/prometheus.yaml'), 'utf8')).datasources[0];
    const provider = parse(readFileSync(join(KIT, 'grafana/provisioning/dashboards/dashboards.yaml'), 'utf8')).providers[0];
    assert.equal(datasource.url, 'http://prometheus:9090');
    for (const e of labs) {
      const g = grafanaService(e.composeFile)!;
      assert.ok(g, `${e.lab.id}: a service in the grafana profile that publishes 3000`);
      assert.equal(g.hostIp, '127.0.0.1', e.lab.id);
      const def = parse(readFileSync(e.composeFile, 'utf8')).services[g.service];
      assert.deepEqual(def.profiles, [GRAFANA_PROFILE]);
      assert.ok(def.volumes.includes('${BREAKFIX_KIT_DIR:-../_kit}/grafana/provisioning:/etc/grafana/provisioning:ro'), `${e.lab.id}: the kit's provisioning`);
      const dashMount = (def.volumes as string[]).find((v) => v.endsWith(`:${provider.options.path}:ro`));
      assert.equal(dashMount, `./grafana/dashboards:${provider.options.path}:ro`, `${e.lab.id}: the dashboards folder where the provider reads`);
      assert.equal(def.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH, `${provider.options.path}/${e.lab.id}.json`);
      assert.ok(existsSync(join(e.dir, 'grafana/dashboards', `${e.lab.id}.json`)));
      const dash = JSON.parse(readFileSync(join(e.dir, 'grafana/dashboards', `${e.lab.id}.json`), 'utf8'));
      for (const panel of dash.panels) for (const t of panel.targets) assert.equal(t.datasource.uid, datasource.uid, `${e.lab.id}: "${panel.title}" reads the provisioned Prometheus`);
      assert.ok(def.depends_on.prometheus, `${e.lab.id}: Grafana waits for Prometheus`);
    }
  });

  it("the up that starts it adds --profile grafana before `up`, and the URL opens the lab's dashboard", () => {
    const e = labs.find((l) => l.lab.id === 'notification-retry-storm')!;
    const args = upArgs(e, { argv: ['docker-compose'], version: '1.29.2', chosenBy: 'test' } as never, grafanaUpOptions({ profiles: [GRAFANA_PROFILE] }));
    const i = args.indexOf('up');
    assert.deepEqual(args.slice(i - 2, i + 3), ['--profile', 'grafana', 'up', '-d', '--build']);
    assert.equal(args.filter((a) => a === '--profile').length, 1, 'the profile once');
    assert.equal(grafanaPlan(e).url, 'http://127.0.0.1:13000/d/notification-retry-storm');
    assert.equal(grafanaDashboardUrl({ service: 'g', image: 'i', hostIp: '0.0.0.0', hostPort: 3001 }, 'a b'), 'http://127.0.0.1:3001/d/a%20b');
  });

  it('a lab without Grafana, or with a broken dashboard, is a GrafanaError that says what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'breakfix-grafana-'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  api:\n    image: x\n');
    const e = { dir, composeFile: join(dir, 'compose.yaml'), lab: { id: 'tiny' } } as unknown as LabEntry;
    assert.throws(() => grafanaPlan(e), (err: Error) => err instanceof GrafanaError && /tiny has no Grafana: .*"grafana" profile.*Open Dashboard/.test(err.message));
    assert.throws(() => readGrafanaDashboard(e), (err: Error) => err instanceof GrafanaError && /grafana\/dashboards\/tiny\.json: .*docs\/authoring\.md/.test(err.message));
  });
});
