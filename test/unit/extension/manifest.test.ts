// What the marketplace gets: the VSIX's file list (`vsce ls`, over the built dist/) holds what a learner's
// installation runs and nothing of the repository's own (sources, tests, docs, maps, ledgers, screenshots),
// the extension runs where the engine is (remote set-ups, docs/remote.md), and the dev container has an
// engine of its own.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('extension: the manifest and the VSIX', () => {
  it('runs on the workspace side (next to the engine with Remote-SSH, Dev Containers, Codespaces, WSL)', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });

  it('`vsce ls` lists the bundles, the labs without their ledgers, the kit, the icon, the walkthrough and the docs a user reads; nothing else', function () {
    this.timeout(60_000);
    assert.ok(existsSync(join(ROOT, 'dist', 'extension.js')), 'build first (npm run build): vsce lists existing files');
    const r = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').filter(Boolean);
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png', 'dist/extension.js', 'dist/app.js', 'dist/core.js', 'dist/cli.js', 'dist/driver.js', 'dist/webview/dashboard.js', 'dist/webview/dashboard.css', 'labs/lab.schema.json', 'labs/_kit/Dockerfile']) {
      assert.ok(files.includes(f), `${f} is in the VSIX`);
    }
    const labs = [...new Set(files.filter((f) => /^labs\/[a-z0-9-]+\/lab\.yaml$/.test(f)).map((f) => f.split('/')[1]))];
    assert.ok(labs.length >= 6, `every lab: ${labs.join(', ')}`);
    for (const id of labs) {
      for (const f of ['compose.yaml', 'README.md', 'writeup.md', 'solution/fix.patch', `grafana/dashboards/${id}.json`]) assert.ok(files.includes(`labs/${id}/${f}`), `labs/${id}/${f}`);
    }
    const unwanted = files.filter(
      (f) => /\.map$|(^|\/)node_modules\/|(^|\/)\.breakfix\/|\/proof\.json$|^media\/screenshots\/|^(src|test|docs|scripts|bench|webview|\.devcontainer|\.ci)\/|^dist\/.*\.vsix$/.test(f),
    );
    assert.deepEqual(unwanted, []);
    const top = [...new Set(files.map((f) => f.split('/')[0]))].sort();
    assert.deepEqual(top, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'labs', 'media', 'package.json']);
  });

  it('the dev container has Docker-in-Docker and installs the extension', () => {
    const text = readFileSync(join(ROOT, '.devcontainer', 'devcontainer.json'), 'utf8');
    const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\/ .*$/gm, ''));
    assert.ok(Object.keys(json.features).some((k) => k.startsWith('ghcr.io/devcontainers/features/docker-in-docker:')), 'the docker-in-docker feature');
    assert.deepEqual(json.customizations.vscode.extensions, [`${pkg.publisher}.${pkg.name}`]);
  });
});
