// npm run bench:activation -- --json
// Size of what VS Code evaluates at activation (dist/extension.js, production build), against a
// hello-world extension (one command, one tree view) bundled with the same esbuild settings in this run.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TARGET_BYTES = 400 * 1024;
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
const out = mkdtempSync(join(tmpdir(), 'bench-hello-'));
await esbuild.build({
  entryPoints: ['bench/fixtures/hello-extension.ts'], outfile: join(out, 'hello.js'), bundle: true, minify: true,
  platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
});
const bundleBytes = statSync('dist/extension.js').size;
const coreChunkBytes = statSync('dist/core.js').size;
const helloBytes = statSync(join(out, 'hello.js')).size;
const result = {
  benchmark: 'activation',
  bundleBytes,
  coreChunkBytes,
  baseline: 'hello-world extension (bench/fixtures/hello-extension.ts), same esbuild settings',
  helloBytes,
  ratioToHello: +(bundleBytes / helloBytes).toFixed(2),
  lazyShare: +(coreChunkBytes / (bundleBytes + coreChunkBytes)).toFixed(3),
  targetBytes: TARGET_BYTES,
  meetsTarget: bundleBytes <= TARGET_BYTES,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else console.log(`activation bundle ${bundleBytes} B (target ≤ ${TARGET_BYTES}), lazy core chunk ${coreChunkBytes} B, hello ${helloBytes} B`);
process.exit(result.meetsTarget ? 0 : 1);
