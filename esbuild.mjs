// Builds every bundle. Entries:
//   dist/extension.js  extension host entry: registrations only, loaded at activation (a few KB)
//   dist/app.js        the extension's code, required on first use (tree, commands, dashboards)
//   dist/core.js       the lazily required chunk: all of src/core with its dependencies
//   dist/cli.js        the `breakfix` CLI
//   dist/driver.js     the assessment's incident driver as the extension starts it (requires ./core.js)
//   dist/webview/*     the dashboard webview (browser, esm) + codicons
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

const builds = [
  // `./app.js` and `./core.js` stay runtime requires, so activation evaluates neither.
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode', './app.js', './core.js'] },
  { ...node, entryPoints: ['src/extension/app.ts'], outfile: 'dist/app.js', external: ['vscode', './core.js'] },
  // dockerode loads optional native ssh/cpu-features modules inside try/catch; leave them unresolved.
  { ...node, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js', external: ['vscode', 'cpu-features', '*.node'] },
  { ...node, entryPoints: ['src/driver/main.ts'], outfile: 'dist/driver.js', external: ['./core.js'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['cpu-features', '*.node'], banner: { js: '#!/usr/bin/env node' } },
  // The dashboard webview: chart.js + @vscode-elements in one ESM file (its CSS beside it as dashboard.css).
  { ...common, entryPoints: { dashboard: 'webview/dashboard/main.ts' }, outdir: 'dist/webview', format: 'esm', platform: 'browser', target: 'chrome114' },
];

// Codicons for the webview (vscode-icon finds the stylesheet by its id), copied beside the bundle:
// localResourceRoots is dist/webview only.
mkdirSync('dist/webview', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/${f}`);

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
