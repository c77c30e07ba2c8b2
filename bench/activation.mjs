// npm run bench:activation -- --json [--windows N] [--bundle-only]
//
// 1. Bundle size: what VS Code evaluates at activation (dist/extension.js, production build), against
//    the hello-world extension (bench/fixtures/hello: one command, one tree view) bundled with the same
//    esbuild settings in this run. Target: ≤ 400 KB.
// 2. Real activation time, in code-server with the e2e harness (test/e2e/harness.ts): Break/Fix Labs
//    and the hello extension (packaged with vsce) installed side by side; in each of N fresh windows
//    (code-server restarted, new page; default 5) both views are opened, which activates both (the
//    order alternates between windows), and "Developer: Show Running Extensions" is read. Medians over
//    the windows: ours, hello's, and each built-in extension activated in the same session (Git,
//    Emmet, GitHub, Merge Conflict…); builtinMedianMs is the median of the built-ins' medians.
//    Targets: ourMs / helloMs ≤ 1.5 and ourMs ≤ builtinMedianMs.
//
// Without Chromium or code-server the timing part is skipped with the reason (CI=true: a failure).
// Exit status: 0 when every target is met.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);
const args = process.argv.slice(2);
const json = args.includes('--json');
const windows = Number(args[args.indexOf('--windows') + 1]) || 5;
const say = (msg) => console.error(`[bench:activation] ${msg}`);

const TARGET_BYTES = 400 * 1024;
const TARGET_RATIO = 1.5;
const HELLO_DIR = 'bench/fixtures/hello';
const hello = { id: 'breakfix-bench.hello-tree', name: 'hello-tree', container: 'Hello Tree', row: 'hello' };
const ours = { id: 'breakfix.breakfix-labs', name: 'breakfix-labs', container: 'Break/Fix Labs', row: 'Notification queue retry storm' };

// ---- 1. bundle size ---------------------------------------------------------------------------
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: ['ignore', 2, 2] });
const work = mkdtempSync(join(tmpdir(), 'bench-hello-'));
const helloBuild = { bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning', legalComments: 'none' };
await esbuild.build({ ...helloBuild, entryPoints: [`${HELLO_DIR}/src/extension.ts`], outfile: join(work, 'hello.js') });
const bundleBytes = statSync('dist/extension.js').size;
const coreChunkBytes = statSync('dist/core.js').size;
const helloBytes = statSync(join(work, 'hello.js')).size;
const result = {
  benchmark: 'activation',
  bundleBytes,
  coreChunkBytes,
  baseline: `hello-world extension (${HELLO_DIR}: one command, one tree view), same esbuild settings`,
  helloBytes,
  bundleRatioToHello: +(bundleBytes / helloBytes).toFixed(2),
  lazyShare: +(coreChunkBytes / (bundleBytes + coreChunkBytes)).toFixed(3),
  targetBytes: TARGET_BYTES,
  // ---- 2. real activation time (filled below) ----
  environment: undefined,
  windows: 0,
  ourMs: null,
  helloMs: null,
  builtinMedianMs: null,
  ratioToHello: null,
  builtins: {},
  builtinsNotInEveryWindow: {},
  best: undefined,
  samples: { ours: [], hello: [], firstActivated: [] },
  loadAverage: undefined,
  targets: { bundleBytes: TARGET_BYTES, ratioToHello: TARGET_RATIO, ourMs: '≤ builtinMedianMs' },
  meets: { bundle: bundleBytes <= TARGET_BYTES, ratioToHello: null, builtinMedian: null },
  meetsTarget: false,
};

// ---- 2. real activation time in code-server ---------------------------------------------------
if (!args.includes('--bundle-only')) {
  const { require: tsxRequire } = await import('tsx/cjs/api');
  const h = tsxRequire('../test/e2e/harness.ts', import.meta.url);
  const missing = h.checkPrerequisites({ engine: false });
  if (missing) {
    if (process.env.CI === 'true') {
      say(`CI=true and ${missing}: the activation benchmark cannot be skipped in CI.`);
      process.exit(1);
    }
    say(`skipping the activation time in code-server: ${missing}`);
    result.skipped = missing;
  } else {
    await measure(h);
  }
}

// Targets that could not be measured (timing skipped outside CI) are null and do not count.
result.meetsTarget = Object.values(result.meets).every((x) => x !== false);
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`activation bundle ${bundleBytes} B (target ≤ ${TARGET_BYTES}), lazy core chunk ${coreChunkBytes} B, hello ${helloBytes} B`);
  if (result.ourMs !== null) {
    console.log(`activation time, median of ${result.windows} windows: ours ${result.ourMs} ms, hello ${result.helloMs} ms (ratio ${result.ratioToHello}, target ≤ ${TARGET_RATIO}), built-ins ${result.builtinMedianMs} ms (${Object.entries(result.builtins).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
  console.log(`meetsTarget: ${result.meetsTarget} ${JSON.stringify(result.meets)}`);
}
process.exit(result.meetsTarget ? 0 : 1);

// -----------------------------------------------------------------------------------------------

async function measure(h) {
  const vsixOurs = h.packageVsix();
  const vsixHello = packageHello();
  const folder = h.tempFolder('bench', { 'README.md': '# bench\n' });
  const perWindow = [];
  const firstActivated = [];
  const load0 = loadavg()[0];
  let browserVersion = '?';
  let cs;
  try {
    for (let i = 0; i < windows; i++) {
      cs = await h.CodeServer.start({ name: 'bench', folder, trusted: true, vsixes: [vsixOurs, vsixHello], reuse: cs });
      // Tall, so the Running Extensions list renders every row (it is virtualised).
      const wb = await h.Workbench.open(cs, { viewport: { width: 1280, height: 1800 } });
      browserVersion = wb.browser.version();
      try {
        // Let the startup activations (Git, GitHub…) finish before ours and hello's are triggered.
        await h.sleep(1000);
        if (!(await cs.waitForIdle())) say(`window ${i + 1}: code-server did not go idle within 30 s; measuring anyway`);
        // Whichever view opens first may pay one-off costs of the extension host (tree views): alternate.
        const order = i % 2 === 0 ? [ours, hello] : [hello, ours];
        firstActivated.push(order[0] === ours ? 'ours' : 'hello');
        for (const ext of order) {
          await wb.openContainer(ext.container);
          await wb.treeRow(ext.row).waitFor({ timeout: 60_000 });
        }
        const times = await runningExtensions(h, wb);
        if (times[ours.name] === undefined || times[hello.name] === undefined) throw new Error(`Running Extensions lists no activation time for both: ${JSON.stringify(times)}`);
        perWindow.push(times);
        say(`window ${i + 1}/${windows}: ${Object.entries(times).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
        if (i === 0) await wb.screenshot('running-extensions.png');
      } finally {
        await wb.close();
        await cs.stop({ keep: i < windows - 1 });
      }
    }
  } catch (err) {
    await cs?.stop();
    throw err;
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  // The built-ins activated in every window (the extensions dir holds only ours and hello); those
  // activated in some windows only (e.g. JSON language features when a settings file was read) are
  // listed apart and left out of the median.
  const names = new Set(perWindow.flatMap((w) => Object.keys(w)));
  const builtins = {};
  const builtinsSometimes = {};
  for (const n of [...names].sort()) {
    if (n === ours.name || n === hello.name) continue;
    const xs = perWindow.map((w) => w[n]).filter((x) => x !== undefined);
    if (xs.length === perWindow.length) builtins[n] = median(xs);
    else builtinsSometimes[n] = `${median(xs)} ms in ${xs.length}/${perWindow.length} windows`;
  }
  const csVersion = /CS_VERSION="([^"]+)"/.exec(readFileSync('scripts/code-server.sh', 'utf8'))?.[1];
  result.environment = `code-server ${csVersion} (Node 24) + Chromium ${browserVersion}, ${cpus().length} cores`;
  result.windows = perWindow.length;
  result.samples = { ours: perWindow.map((w) => w[ours.name]), hello: perWindow.map((w) => w[hello.name]), firstActivated };
  // 1-minute load average of the machine before and after: these timings are CPU-bound.
  result.loadAverage = [+load0.toFixed(2), +loadavg()[0].toFixed(2)];
  result.ourMs = median(result.samples.ours);
  result.helloMs = median(result.samples.hello);
  // Best of the windows: the least disturbed by other load on the machine (for reading, not a target).
  result.best = { ourMs: Math.min(...result.samples.ours), helloMs: Math.min(...result.samples.hello) };
  result.builtins = builtins;
  result.builtinsNotInEveryWindow = builtinsSometimes;
  result.builtinMedianMs = median(Object.values(builtins));
  result.ratioToHello = +(result.ourMs / result.helloMs).toFixed(2);
  result.meets.ratioToHello = result.ratioToHello <= TARGET_RATIO;
  result.meets.builtinMedian = result.ourMs <= result.builtinMedianMs;
}

/** "Developer: Show Running Extensions" → { extension name: activation ms } for every activated extension. */
async function runningExtensions(h, wb) {
  await wb.runCommand('Developer: Show Running Extensions');
  const list = wb.page.locator('.runtime-extensions-editor .monaco-list').first();
  await list.waitFor({ timeout: 30_000 });
  let times = {};
  return h
    .eventually('Running Extensions lists activation times of both', 30_000, async () => {
      times = await readList(h, wb, list);
      return times[ours.name] !== undefined && times[hello.name] !== undefined ? times : undefined;
    })
    .catch(async (err) => {
      await wb.screenshot('failed-running-extensions.png');
      throw new Error(`${err.message}; listed: ${JSON.stringify(times)}`);
    });
}

/** Reads every row of the (virtualised) list, scrolling it with the mouse wheel from top to bottom. */
async function readList(h, wb, list) {
  const box = await list.boundingBox();
  await wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await wb.page.mouse.wheel(0, -100_000);
  const times = {};
  let unchanged = 0;
  while (unchanged < 2) {
    await h.sleep(200);
    const before = Object.keys(times).length;
    for (const row of await list.locator('.monaco-list-row').all()) {
      const name = await row.getAttribute('aria-label').catch(() => null);
      const text = (await row.locator('.activation-time').first().textContent({ timeout: 1000 }).catch(() => '')) ?? '';
      const m = /Activation:\s*([\d.]+)\s*ms/i.exec(text);
      if (name && m) times[name] = Number(m[1]);
    }
    unchanged = Object.keys(times).length === before ? unchanged + 1 : 0;
    await wb.page.mouse.wheel(0, box.height * 0.7);
  }
  return times;
}

/** Packages bench/fixtures/hello with vsce (its bundle built like ours), in a temp copy. */
function packageHello() {
  const dir = join(work, 'hello');
  cpSync(HELLO_DIR, dir, { recursive: true });
  esbuild.buildSync({ ...helloBuild, entryPoints: [join(dir, 'src/extension.ts')], outfile: join(dir, 'dist/extension.js') });
  const out = join(work, 'hello-tree.vsix');
  execFileSync(resolve(repo, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 2],
  });
  return out;
}
