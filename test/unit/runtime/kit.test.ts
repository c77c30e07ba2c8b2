// The lab kit's image: built on first use with its digest as a label, not rebuilt while the kit's files are
// unchanged, rebuilt when they change. The engine is the typed fake engine (a real build is exercised by the
// proof and every integration test that brings a lab up).
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LabEntry } from '../../../src/core/labs/types';
import { ensureLabKit, KIT_DIGEST_LABEL, kitImage } from '../../../src/core/runtime/kit';
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
});
