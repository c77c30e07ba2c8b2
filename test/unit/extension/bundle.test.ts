// The VSIX is packaged with --no-dependencies: both chunks must load with no node_modules around.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '../../../dist');

describe('extension bundles', () => {
  it('dist/extension.js holds registrations only (activation cost); the rest is a runtime require', () => {
    const kb = fs.statSync(path.join(DIST, 'extension.js')).size / 1024;
    // About 4 KB of it registers the AI features (seven tools, the participant, the MCP server definition).
    assert.ok(kb < 12, `dist/extension.js is ${kb.toFixed(1)} KB`);
    assert.match(fs.readFileSync(path.join(DIST, 'extension.js'), 'utf8'), /require\(["']\.\/app\.js["']\)/);
    const appKb = fs.statSync(path.join(DIST, 'app.js')).size / 1024;
    // The budget guards against dockerode & co. (megabytes), not against the extension's own code (the
    // assessment's view, countdown and commands took it from about 180 KB to about 215 KB, unminified).
    assert.ok(appKb < 260, `dist/app.js is ${appKb.toFixed(0)} KB: keep dockerode and friends in the core chunk`);
  });

  it('dist/core.js loads from a folder without node_modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-vsix-'));
    try {
      const copy = path.join(dir, 'core.js');
      fs.copyFileSync(path.join(DIST, 'core.js'), copy);
      const core = require(copy) as Record<string, unknown>;
      for (const fn of ['loadCatalogue', 'stackUp', 'stackDown', 'stackStatus', 'stackLogs', 'runDoctor', 'readLabStatus']) {
        assert.equal(typeof core[fn], 'function', `core.${fn}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
