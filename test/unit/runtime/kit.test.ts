// The lab kit's image: built on first use with its digest as a label, not rebuilt while the kit's files are
// unchanged, rebuilt when they change. The engine is the typed fake engine (a real build is exercised by the
// proof and every integration test that brings a lab up).
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabEntry } from '../../../src/core/labs/types';
import { parse } from 'yaml';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { ensureLabKit, KIT_DIGEST_LABEL, kitImage, withKitDir } from '../../../src/core/runtime/kit';
import { FakeEngine } from '../../support/fakeEngine';

describe('lab kit image', () => {
  let labs: string;
  let entry: LabEntry;
  beforeEach(() => {
    labs = mkdtempSync(join(tmpdir(), 'breakfix-kit-'));
    cpSync(resolve(__dirname, '../../../labs/_kit'), join(labs, '_kit'), { recursive: true });
    mkdirSync(join(labs, 'demo'));
    entry = { dir: join(labs, 'demo'), lab: { id: 'demo', kit: 1 } } as LabEntry;
  });
  afterEach(() => rmSync(labs, { recursive: true, force: true }));

  it('is built on first use, from the kit folder next to the lab, with its digest, network and CA from the environment', async () => {
    const docker = new FakeEngine();
    const lines: string[] = [];
    const env = { BREAKFIX_BUILD_NETWORK: 'host', BREAKFIX_BUILD_CA_CERTS: '/etc/ssl/certs/ca.crt' };
    const id = await ensureLabKit(entry, { docker, env, log: (l) => lines.push(l) });
    assert.equal(docker.calls.buildImage, 1);
    assert.equal(id, docker.images.get(kitImage(1)));
    const [contextDir, files, spec] = docker.buildArgs[0] as [string, string[], { tag: string; labels: Record<string, string>; buildArgs: Record<string, string>; networkMode?: string }];
    assert.equal(contextDir, join(labs, '_kit'));
    assert.ok(files.includes('Dockerfile') && files.includes('lib/index.js') && files.includes('package-lock.json'), files.join(', '));
    assert.equal(spec.tag, 'breakfix-lab-kit:1');
    assert.match(spec.labels[KIT_DIGEST_LABEL], /^[0-9a-f]{64}$/);
    assert.deepEqual(spec.buildArgs, { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca.crt' });
    assert.equal(spec.networkMode, 'host');
    assert.match(lines[0], /building breakfix-lab-kit:1 .*first use/);
  });

  it('is not rebuilt while the kit is unchanged, and is rebuilt (a new image id) when a kit file changes', async () => {
    const docker = new FakeEngine();
    const first = await ensureLabKit(entry, { docker, env: {} });
    assert.equal(await ensureLabKit(entry, { docker, env: {} }), first);
    assert.equal(docker.calls.buildImage, 1);
    appendFileSync(join(labs, '_kit', 'lib', 'http.js'), '\n// a kit change\n');
    const second = await ensureLabKit(entry, { docker, env: {}, log: () => {} });
    assert.equal(docker.calls.buildImage, 2);
    assert.notEqual(second, first);
  });

  it('a lab without `kit` needs no image; a lab whose kit folder is gone gets an error that says what to do', async () => {
    const docker = new FakeEngine();
    assert.equal(await ensureLabKit({ ...entry, lab: { ...entry.lab, kit: undefined } } as LabEntry, { docker }), undefined);
    assert.equal(docker.calls.imageLabels, 0);
    rmSync(join(labs, '_kit'), { recursive: true });
    await assert.rejects(ensureLabKit(entry, { docker }), /builds on the lab kit 1, but .*_kit has no Dockerfile: reinstall the extension/);
  });

  it('Compose learns where the kit is (BREAKFIX_KIT_DIR) for a lab on the kit, and only then', () => {
    assert.deepEqual(withKitDir(entry, { A: '1' }), { A: '1', BREAKFIX_KIT_DIR: join(labs, '_kit') });
    const plain = { dir: join(labs, 'old'), lab: { id: 'old' } } as LabEntry;
    const env = { A: '1' };
    assert.equal(withKitDir(plain, env), env);
  });
});

describe("the kit's Grafana provisioning, mounted by every bundled lab", () => {
  const MOUNT = '${BREAKFIX_KIT_DIR:-../_kit}/grafana/provisioning:/etc/grafana/provisioning:ro';
  it('each grafana service mounts it from BREAKFIX_KIT_DIR (the repository layout by default); its datasource and dashboard paths fit the lab', async () => {
    const cat = await loadCatalogue(resolve(__dirname, '../../../labs'));
    assert.ok(cat.labs.length >= 3);
    for (const entry of cat.labs) {
      const compose = parse(readFileSync(join(entry.dir, 'compose.yaml'), 'utf8')) as { services: Record<string, { volumes?: string[] }> };
      const volumes = compose.services.grafana?.volumes ?? [];
      assert.ok(volumes.includes(MOUNT), `${entry.lab.id}: grafana mounts ${volumes.join(', ')}`);
      const provisioning = join(withKitDir(entry, {}).BREAKFIX_KIT_DIR!, 'grafana', 'provisioning');
      assert.equal(provisioning, resolve(entry.dir, '../_kit/grafana/provisioning'), 'the default is where Break/Fix points');
      const datasource = parse(readFileSync(join(provisioning, 'datasources', 'prometheus.yaml'), 'utf8')) as { datasources: { url: string }[] };
      assert.ok(compose.services[new URL(datasource.datasources[0].url).hostname], `${entry.lab.id} has the datasource's Prometheus service`);
      const provider = parse(readFileSync(join(provisioning, 'dashboards', 'dashboards.yaml'), 'utf8')) as { providers: { options: { path: string } }[] };
      const dashboards = volumes.find((v) => v.split(':')[1] === provider.providers[0].options.path);
      assert.ok(dashboards, `${entry.lab.id} mounts its dashboards where the provider reads them`);
      assert.ok(existsSync(join(entry.dir, dashboards.split(':')[0], `${entry.lab.id}.json`)), `${entry.lab.id}: its dashboard file`);
    }
  });
});
