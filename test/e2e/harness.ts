// UI end-to-end harness: the packaged extension in a real VS Code (code-server) driven by Playwright
// in Debian's Chromium, against the real Docker engine. Used by test/e2e/*.test.ts and by
// bench/activation.mjs.
//
//   packageVsix()        npm run package → a private copy of dist/breakfix-labs.vsix (once per process)
//   CodeServer.start()   fresh extensions + user-data dirs, VSIX(es) installed, free 127.0.0.1 port
//   Workbench.open()     Chromium on that code-server, with helpers for the activity bar, the tree,
//                        the command palette, notifications, the status bar, output and webviews
//   lab1Lock()           `flock /tmp/lab1.lock` semantics: one lab-1 stack session on the machine at a time
//
// Prerequisites (a Docker engine, Chromium, code-server) are checked by requirePrerequisites():
// with CI=true a missing one fails the suite; elsewhere the suite is skipped with the reason.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { projectLeftovers as leftovers } from '../support/docker';
import { Fatal, eventually, sleep } from '../support/wait';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const repo = resolve(dirname(__filename), '../..');
export const LAB = 'notification-retry-storm';
export const PROJECT = `breakfix-${LAB}`;
export const PROJECT_LABEL = `com.docker.compose.project=${PROJECT}`;
export const resultsDir = resolve(repo, 'test-results/e2e');
export const CHROMIUM = process.env.BREAKFIX_CHROMIUM || '/usr/bin/chromium';
export const LAB1_LOCK = process.env.BREAKFIX_LAB1_LOCK || '/tmp/lab1.lock';
const CODE_SERVER_SH = resolve(repo, 'scripts/code-server.sh');
const isCI = process.env.CI === 'true';

// stderr: benchmarks that use the harness print their JSON alone on stdout.
export const log = (msg: string): void => console.error(`      [e2e ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Prerequisites

/** .tools/engine.env as variables (PATH with the engine's docker client first, Compose overrides). */
export function engineEnvFile(): Record<string, string> {
  const file = resolve(repo, '.tools/engine.env');
  if (!existsSync(file)) return {};
  const r = spawnSync('bash', ['-c', 'set -a; . "$1" >/dev/null; env -0', 'engine-env', file], { encoding: 'utf8', env: {} });
  if (r.status !== 0) throw new Error(`could not read ${file}: ${r.stderr}`);
  const env: Record<string, string> = {};
  for (const kv of r.stdout.split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0 && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(kv.slice(0, i))) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return env;
}

/**
 * Chromium, code-server (installed on first use, cached machine-wide by scripts/code-server.sh) and,
 * with `engine`, a Docker engine (scripts/ensure-engine.sh; its engine.env is applied to this process
 * so that `docker` here is the client that matches the engine). Returns why not, or undefined when ready.
 */
export function checkPrerequisites(opts: { engine: boolean }): string | undefined {
  const chromiumMissing = ensureChromium();
  if (chromiumMissing) return chromiumMissing;
  if (opts.engine) {
    const e = spawnSync('bash', [resolve(repo, 'scripts/ensure-engine.sh')], { cwd: repo, encoding: 'utf8', timeout: 900_000 });
    if (e.status !== 0) return `no Docker engine is ready (scripts/ensure-engine.sh exit ${e.status}: ${lastLines(e.stderr, 3)})`;
    Object.assign(process.env, engineEnvFile());
    const d = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
    if (d.status !== 0) return `no Docker engine answers (docker info: ${(d.stderr || '').trim()})`;
  }
  const cs = ensureCodeServer();
  return cs.ok ? undefined : `code-server could not be installed (${cs.reason})`;
}

/** checkPrerequisites() for a mocha suite: with CI=true a missing prerequisite fails, elsewhere it skips. */
export function requirePrerequisites(ctx: Mocha.Context, opts: { engine: boolean }): void {
  const reason = checkPrerequisites(opts);
  if (!reason) return;
  if (isCI) throw new Error(`CI=true and ${reason}: the UI end-to-end tests cannot be skipped in CI.`);
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

/** Debian's Chromium; installed with apt-get when missing on a Debian machine where we are root (as CI is). */
function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const canInstall = CHROMIUM === '/usr/bin/chromium' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) return `Chromium is not at ${CHROMIUM} (apt-get install -y chromium, or set BREAKFIX_CHROMIUM)`;
  log('installing chromium with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=300', 'chromium'], { env, encoding: 'utf8', timeout: 900_000 });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env, timeout: 300_000 });
    r = install();
  }
  return existsSync(CHROMIUM) ? undefined : `Chromium is not at ${CHROMIUM} and apt-get install chromium failed: ${lastLines(r.stderr, 3)}`;
}

let codeServerReady: { ok: true } | { ok: false; reason: string } | undefined;
export function ensureCodeServer(): { ok: true } | { ok: false; reason: string } {
  if (codeServerReady) return codeServerReady;
  const t0 = Date.now();
  const r = spawnSync('bash', [CODE_SERVER_SH, 'install'], { cwd: repo, encoding: 'utf8', timeout: 900_000 });
  codeServerReady = r.status === 0 ? { ok: true } : { ok: false, reason: `scripts/code-server.sh install exit ${r.status}: ${lastLines(r.stderr, 5)}` };
  if (r.status === 0) log(`${lastLines(r.stderr, 1)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return codeServerReady;
}

let vsix: string | undefined;
/** Builds and packages the extension (npm run package) once per process; returns a private copy of the VSIX. */
export function packageVsix(): string {
  if (process.env.BREAKFIX_E2E_VSIX) return resolve(process.env.BREAKFIX_E2E_VSIX);
  if (vsix) return vsix;
  const t0 = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status}):\n${lastLines(r.stdout + r.stderr, 30)}`);
  // A copy, so that a concurrent build in this checkout cannot change what this run installs.
  const copy = join(mkdtempSync(join(tmpdir(), 'breakfix-vsix-')), 'breakfix-labs.vsix');
  copyFileSync(resolve(repo, 'dist/breakfix-labs.vsix'), copy);
  log(`packaged ${basename(copy)} (${Math.round(statSync(copy).size / 1024)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return (vsix = copy);
}

/** The contributes section of the extension's package.json (what the packaged VSIX declares). */
export function manifest(): { contributes: { commands: { command: string; title: string; category?: string }[] } } {
  return JSON.parse(readFileSync(resolve(repo, 'package.json'), 'utf8'));
}

/** "Break/Fix: Start Stack": the palette label of a contributed command. */
export function commandTitle(command: string): string {
  const c = manifest().contributes.commands.find((x) => x.command === command);
  if (!c) throw new Error(`package.json does not contribute ${command}`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

// ---------------------------------------------------------------------------------------------
// code-server

export interface StartOptions {
  /** Folder to open. */
  folder: string;
  /** false: no --disable-workspace-trust, so an unknown folder opens in Restricted Mode. */
  trusted: boolean;
  vsixes: string[];
  /** Extra user settings, merged over the defaults below. */
  settings?: Record<string, unknown>;
  /** A name for logs and temp dirs. */
  name?: string;
  /** Restart with the dirs (extensions, user data) of a stopped server (stop({ keep: true })): a fresh window, warm installs. */
  reuse?: CodeServer;
}

/** User settings for a quiet, reproducible workbench. */
export const baseSettings: Record<string, unknown> = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  // Restricted Mode without a modal: an unknown folder simply opens untrusted.
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export class CodeServer {
  private exited = false;
  private constructor(
    readonly root: string,
    readonly userDir: string,
    readonly extDir: string,
    readonly port: number,
    readonly folder: string,
    readonly proc: ChildProcess,
    readonly logFile: string,
  ) {
    proc.once('exit', () => (this.exited = true));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Installs the VSIXes into fresh dirs and starts code-server; resolves when /healthz answers. */
  static async start(opts: StartOptions): Promise<CodeServer> {
    const root = opts.reuse?.root ?? mkdtempSync(join(tmpdir(), `breakfix-e2e-${opts.name ?? 'cs'}-`));
    const userDir = join(root, 'user');
    const extDir = join(root, 'extensions');
    mkdirSync(join(userDir, 'User'), { recursive: true });
    mkdirSync(extDir, { recursive: true });
    if (!opts.reuse) writeFileSync(join(userDir, 'User/settings.json'), JSON.stringify({ ...baseSettings, ...opts.settings }, null, 2));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...engineEnvFile(),
      CODE_SERVER_CONFIG: join(root, 'code-server.yaml'),
      // The extension registers its test-only commands (Test Hook: …) for these runs only.
      BREAKFIX_TEST_HOOKS: '1',
      BREAKFIX_CS_EXT_DIR: extDir,
      BREAKFIX_CS_USER_DIR: userDir,
    };
    for (const v of opts.reuse ? [] : opts.vsixes) {
      const r = spawnSync('bash', [CODE_SERVER_SH, 'install-ext', v, extDir, userDir], { env, encoding: 'utf8', timeout: 180_000 });
      if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
        throw new Error(`installing ${basename(v)} into code-server failed (exit ${r.status}):\n${lastLines(r.stdout + r.stderr, 20)}`);
      }
    }
    const port = await freePort();
    const logFile = join(root, 'code-server.log');
    const out = openSync(logFile, 'a');
    const args = [CODE_SERVER_SH, 'run', opts.folder, ...(opts.trusted ? ['--disable-workspace-trust'] : [])];
    // Own process group, so stop() ends code-server with its extension hosts and nothing else.
    const proc = spawn('bash', args, { env: { ...env, BREAKFIX_CS_PORT: String(port) }, detached: true, stdio: ['ignore', out, out] });
    const cs = new CodeServer(root, userDir, extDir, port, opts.folder, proc, logFile);
    await cs.waitForHealth(90_000);
    return cs;
  }

  /**
   * A code-server that something else starts, such as `npm start` (scripts/start.sh): `proc` must lead
   * its own process group (spawn with `detached: true`), writing to `logFile`. Resolves when /healthz
   * answers on `port`; stop() then ends the whole group and removes `root`.
   */
  static async attach(opts: { root: string; userDir: string; extDir: string; port: number; folder: string; proc: ChildProcess; logFile: string; timeoutMs: number }): Promise<CodeServer> {
    const cs = new CodeServer(opts.root, opts.userDir, opts.extDir, opts.port, opts.folder, opts.proc, opts.logFile);
    await cs.waitForHealth(opts.timeoutMs);
    return cs;
  }

  /** Polls /healthz; on exit or timeout, throws with the log's tail (after stopping the group on a timeout). */
  private async waitForHealth(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`code-server exited early:\n${this.logTail(20)}`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await sleep(250);
    }
    const tail = this.logTail(20); // before stop() removes the log with the root
    await this.stop();
    throw new Error(`code-server did not answer on ${this.url} within ${Math.round(timeoutMs / 1000)} s:\n${tail}`);
  }

  /**
   * Waits until code-server and its extension hosts are idle: under `maxCpuPercent` of one core over
   * each of `quietSamples` consecutive 1 s samples (CPU time from /proc; other processes on the
   * machine do not count). Resolves false when it never got that quiet within `timeoutMs`.
   */
  async waitForIdle(opts: { maxCpuPercent?: number; quietSamples?: number; timeoutMs?: number } = {}): Promise<boolean> {
    const { maxCpuPercent = 10, quietSamples = 2, timeoutMs = 30_000 } = opts;
    const pgid = this.proc.pid;
    if (!pgid || !existsSync('/proc/self/stat')) {
      await sleep(3000);
      return true;
    }
    const ticksPerSecond = 100; // USER_HZ
    const groupCpu = (): number => {
      let ticks = 0;
      for (const pid of safeReaddir('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]); // pgrp, utime, stime
        } catch {
          /* exited */
        }
      }
      return ticks;
    };
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    let prev = groupCpu();
    while (Date.now() < deadline) {
      await sleep(1000);
      const now = groupCpu();
      quiet = ((now - prev) / ticksPerSecond) * 100 <= maxCpuPercent ? quiet + 1 : 0;
      prev = now;
      if (quiet >= quietSamples) return true;
    }
    return false;
  }

  logTail(n = 30): string {
    try {
      return lastLines(readFileSync(this.logFile, 'utf8'), n);
    } catch {
      return '(no log)';
    }
  }

  /** The extension host log files of one extension (e.g. "breakfix.breakfix-labs"), newest last. */
  extensionLogs(extensionId: string): string[] {
    const logs = join(this.userDir, 'logs');
    if (!existsSync(logs)) return [];
    const files: string[] = [];
    for (const session of readdirSync(logs)) {
      for (const host of safeReaddir(join(logs, session))) {
        const dir = join(logs, session, host, extensionId);
        for (const f of safeReaddir(dir)) files.push(join(dir, f));
      }
    }
    return files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  }

  /** Copies code-server's and the extension hosts' logs to test-results/e2e/logs/<name>/ (for failures). */
  saveLogs(name: string): string {
    const dest = join(resultsDir, 'logs', name);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    copyFileSync(this.logFile, join(dest, 'code-server.log'));
    if (existsSync(join(this.userDir, 'logs'))) cpSync(join(this.userDir, 'logs'), join(dest, 'logs'), { recursive: true });
    return dest;
  }

  async stop(opts: { keep?: boolean } = {}): Promise<void> {
    if (!this.exited && this.proc.pid) {
      const exited = new Promise<void>((r) => this.proc.once('exit', () => r()));
      try {
        process.kill(-this.proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
        try {
          process.kill(-this.proc.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await exited;
      }
    }
    if (!opts.keep) rmSync(this.root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The workbench in Chromium

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class Workbench {
  /**
   * Every product action this session drove, by the title a learner reads: a Break/Fix palette command
   * without its category ("Run Check"), a tree row's inline action ("Start Lab"), and what a test notes with
   * `did` (a dashboard button, a toast's button). The README's first-lab steps are checked against it.
   */
  readonly performed: string[] = [];

  /** Notes an action that a test drove by hand (a click in a webview or on a toast). */
  did(title: string): void {
    this.performed.push(title);
  }

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly cs: CodeServer,
  ) {}

  /**
   * Opens the folder in a new Chromium; resolves when the workbench is rendered. `url`: open that
   * instead (e.g. the bare server URL, to see what code-server itself chooses to open).
   */
  static async open(cs: CodeServer, opts: { viewport?: { width: number; height: number }; url?: string } = {}): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    try {
      const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
      await page.goto(opts.url ?? `${cs.url}/?folder=${encodeURIComponent(cs.folder)}`, { timeout: 60_000 });
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
      return new Workbench(browser, page, cs);
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }

  /** Clicks the activity bar item (its aria-label is the view container's title) and waits for its sidebar. */
  async openContainer(title: string): Promise<void> {
    const item = this.page.locator(`.part.activitybar .action-item a[aria-label="${title}"], .part.activitybar .action-label[aria-label="${title}"]`).first();
    await item.waitFor({ timeout: 60_000 });
    const checked = await item.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!checked) await item.click();
    await this.page.locator(`.part.sidebar .composite.title h2`, { hasText: title }).first().waitFor({ timeout: 30_000 });
  }

  /** Rows of the tree views in the side bar: aria-label (what a screen reader reads), label and description. */
  async treeRows(): Promise<{ aria: string; label: string; description: string }[]> {
    // One evaluateAll: a consistent snapshot even while the tree re-renders.
    return this.page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        aria: row.getAttribute('aria-label') ?? '',
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
      })),
    );
  }

  /** The tree row whose aria-label starts with `prefix` (a lab's title). */
  treeRow(prefix: string): Locator {
    return this.page.locator(`.part.sidebar .monaco-list-row[aria-label^="${cssString(prefix)}"]`).first();
  }

  /** Expands a collapsed tree row (its twistie); a no-op when it is expanded or has no children. */
  async expandRow(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }

  /** Runs a palette command that asks for an item, and picks the quick pick row whose label is `item`. */
  async runCommandAndPick(label: string, item: string): Promise<void> {
    await this.runCommand(label, { keepOpen: true });
    const input = this.page.locator('.quick-input-widget input.input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(item) }) }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
  }

  /** Titles of the open editor tabs. */
  async editorTabs(): Promise<string[]> {
    return this.page.locator('.part.editor .tabs-container .tab').evaluateAll((tabs) => tabs.map((t) => (t.getAttribute('aria-label') ?? '').trim()));
  }

  /**
   * Hovers the row and clicks one of its inline actions (by the command's title, e.g. "Start Stack").
   * With `ran`, the click is confirmed: a tree that re-renders its rows between the press and the release
   * (the first status poll does, just after the window loads) swallows the click, and nothing runs. When
   * `ran` stays false for `withinMs`, the click is logged and made again (at most 3 clicks in all).
   */
  async clickInlineAction(row: Locator, title: string, ran?: () => Promise<boolean> | boolean, withinMs = 20_000): Promise<void> {
    for (let click = 1; ; click++) {
      await row.hover();
      const action = row.locator(`.actions .action-label[aria-label="${cssString(title)}"]`);
      await action.waitFor({ timeout: 15_000 });
      await action.click();
      if (click === 1) this.did(title);
      if (!ran) return;
      const deadline = Date.now() + withinMs;
      while (Date.now() < deadline) {
        if (await ran()) return;
        await this.page.waitForTimeout(500);
      }
      if (click === 3) throw new Error(`clicked "${title}" 3 times and the command never ran`);
      log(`clicking "${title}" again: after ${withinMs / 1000} s there was no sign that the click ran the command`);
    }
  }

  /** A `ran` confirmation for clickInlineAction: a toast matching `re`, or an output channel line matching it. */
  toastOrLog(re: RegExp): () => Promise<boolean> {
    return async () => (await this.notifications()).some((t) => re.test(t)) || re.test(this.outputChannel());
  }

  /** The hover (tooltip) a tree row shows, as text; waits for one that matches `expected`. */
  async hoverText(row: Locator, expected: RegExp): Promise<string> {
    const hover = this.page.locator('.monaco-hover:visible, .workbench-hover:visible').filter({ hasText: expected }).first();
    for (let attempt = 0; ; attempt++) {
      await this.moveMouseAway();
      await row.hover();
      try {
        await hover.waitFor({ timeout: 5_000 });
        return (await hover.innerText()).trim();
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
  }

  /** Moves the mouse over the empty editor area, where it shows no hover. */
  async moveMouseAway(): Promise<void> {
    const box = await this.page.locator('.part.editor').boundingBox().catch(() => null);
    await this.page.mouse.move(box ? box.x + box.width / 2 : 700, box ? box.y + box.height - 20 : 500);
  }

  /**
   * F1, the command's palette label, Enter. Waits until the palette lists exactly that command. Without
   * `keepOpen` it then waits until the palette has closed: a command that opens a quick pick or an input of
   * its own keeps that widget open, so pass `keepOpen` for it (or the wait runs its whole 15 s).
   */
  async runCommand(label: string, opts: { keepOpen?: boolean } = {}): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        // A webview that has the focus (a Markdown preview just opened) can take it back and close the palette.
        await input.fill(`>${label}`, { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 2) throw err;
        // Move the focus out of the webview, to the side bar's title, and open the palette again.
        await this.page.locator('.part.sidebar .composite.title').first().click({ timeout: 2_000 }).catch(() => undefined);
      }
    }
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(label) }) }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    if (label.startsWith('Break/Fix: ')) this.did(label.slice('Break/Fix: '.length));
    if (!opts.keepOpen) await input.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
  }

  /** Messages of the notification toasts currently shown (without their source and buttons). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item').evaluateAll((toasts) =>
      toasts.map((t) => ((t.querySelector('.notification-list-item-message') ?? t) as { innerText: string }).innerText.replace(/\s+/g, ' ').trim()),
    );
  }

  /** Waits for a toast matching `re`; throws early on a toast matching `failOn`. */
  async waitForNotification(re: RegExp, timeoutMs: number, failOn?: RegExp): Promise<string> {
    return eventually(`a notification matching ${re}`, timeoutMs, async () => {
      const texts = await this.notifications();
      const bad = failOn && texts.find((t) => failOn.test(t));
      if (bad) throw new Fatal(`unexpected notification: ${bad}`);
      return texts.find((t) => re.test(t));
    });
  }

  /**
   * Clears the toasts shown. A toast's clear button sits in its toolbar, which VS Code displays only while the
   * toast is hovered, focused or expanded (display: none otherwise): clicked without a hover, Playwright waited
   * its default 30 s for the button to show (End Assessment spent 30 of its 32 s there). Each toast is hovered,
   * then cleared; what is left after that is cleared with "Notifications: Clear All Notifications".
   */
  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-list-item');
    for (let i = 0; i < 8; i++) {
      const n = await toasts.count();
      if (n === 0) return;
      const toast = toasts.first();
      const clicked = await toast
        .hover({ timeout: 2_000 })
        .then(() => toast.locator('.codicon-notifications-clear').click({ timeout: 2_000 }))
        .then(() => true, () => false);
      if (!clicked) break;
      for (let w = 0; w < 20 && (await toasts.count()) >= n; w++) await sleep(100);
    }
    if ((await toasts.count()) === 0) return;
    await this.runCommand('Notifications: Clear All Notifications');
    await toasts.first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  }

  /** Texts of the status bar items (their aria-labels when they show only an icon). */
  async statusBar(): Promise<string[]> {
    const items = await this.page.locator('.part.statusbar .statusbar-item').evaluateAll((els) =>
      els.map((e) => ({ text: ((e as { innerText: string }).innerText ?? '').replace(/\s+/g, ' ').trim(), aria: e.querySelector('a')?.getAttribute('aria-label') ?? '' })),
    );
    return items.map((i) => i.text || i.aria).filter(Boolean);
  }

  /** The extension's output channel, as written so far (read from its log file: complete, unlike the view). */
  outputChannel(extensionId = 'breakfix.breakfix-labs'): string {
    return this.cs
      .extensionLogs(extensionId)
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
  }

  /** Hides the bottom panel (Output, Terminal…) when it is open, so the editor area gets the full height. */
  async hidePanel(): Promise<void> {
    if (!(await this.page.locator('.part.panel:visible').count())) return;
    await this.runCommand('View: Hide Panel');
    await this.page.locator('.part.panel').first().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Switches the color theme with "Preferences: Color Theme", as a learner would. */
  async setColorTheme(theme: 'Dark Modern' | 'Light Modern' | 'Dark High Contrast' | 'Light High Contrast'): Promise<void> {
    await this.runCommand('Preferences: Color Theme', { keepOpen: true }); // the theme picker follows in the same widget
    const input = this.page.locator('.quick-input-widget input.input');
    await input.fill(theme);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactText(theme) }) }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const cls = theme === 'Light High Contrast' ? 'hc-light' : theme.includes('High') ? 'hc-black' : theme.includes('Light') ? 'vs' : 'vs-dark';
    await this.page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 30_000 });
  }

  /** The content frame of the visible webview panel (the first one, if several are on screen). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready:visible').first().frameLocator('#active-frame');
  }

  /** A PNG of the window in test-results/e2e/. `mouseAway`: without the hover under the mouse. */
  async screenshot(name: string, opts: { mouseAway?: boolean } = {}): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, name);
    if (opts.mouseAway) {
      await this.moveMouseAway();
      await this.page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    await this.page.screenshot({ path });
    return path;
  }
}

// ---------------------------------------------------------------------------------------------
// Docker

export interface ContainerState {
  name: string;
  service: string;
  state: string;
  health: string;
}

/** Every container with the Compose project label (running or not), with state and health. */
export function projectContainers(project = PROJECT): ContainerState[] {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  if (ids.length === 0) return [];
  const fmt = '{{.Name}}\t{{index .Config.Labels "com.docker.compose.service"}}\t{{.State.Status}}\t{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}';
  return execFileSync('docker', ['inspect', '-f', fmt, ...ids], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, service, state, health] = line.split('\t');
      return { name: name.replace(/^\//, ''), service, state, health };
    });
}

/**
 * The project's containers once Docker itself calls every one running and healthy (or without a healthcheck).
 * The extension calls a service healthy when its healthcheck passes run on demand (runtime/healthProbe.ts);
 * Docker's own status follows at its next probe, one healthcheck interval later: this waits that long, no more.
 */
export async function dockerSaysHealthy(project: string, count: number, timeoutMs = 15_000): Promise<ContainerState[]> {
  return eventually(`Docker calls the ${count} containers of ${project} running and healthy`, timeoutMs, async () => {
    const containers = projectContainers(project);
    const off = containers.filter((c) => c.state !== 'running' || (c.health !== 'healthy' && c.health !== 'none'));
    if (containers.length !== count || off.length) throw new Error(`docker ps: ${JSON.stringify(containers)}`);
    return containers;
  });
}

/** Ids of every container, network and volume labelled with the lab's Compose project. */
export const projectLeftovers = (project = PROJECT): string[] => leftovers(project);

/** `breakfix down <lab>` with the CLI (cleanup of stacks left by an aborted run). */
export function cliDown(lab = LAB): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [resolve(repo, 'dist/cli.js'), 'down', lab], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, BREAKFIX_LABS_DIR: resolve(repo, 'labs') },
  });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

// ---------------------------------------------------------------------------------------------
// The lab-1 lock: the same flock(2) lock as `flock /tmp/lab1.lock <cmd>`, which everyone who runs
// lab 1's stack (fixed project name and ports) takes. A `flock` child holds it, waiting on its stdin.
// It is taken once per process and held until the process exits (the pipe closes, flock ends), so
// one e2e run waits for it once; releaseLab1Lock() gives it back earlier.

let lab1: Promise<ChildProcess | undefined> | undefined;

export async function lab1Lock(timeoutMs = 1_200_000): Promise<void> {
  lab1 ??= takeLab1Lock(timeoutMs);
  try {
    await lab1;
  } catch (err) {
    lab1 = undefined;
    throw err;
  }
}

export async function releaseLab1Lock(): Promise<void> {
  const child = await lab1?.catch(() => undefined);
  lab1 = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.stdin?.end();
  });
}

async function takeLab1Lock(timeoutMs: number): Promise<ChildProcess | undefined> {
  if (spawnSync('sh', ['-c', 'command -v flock'], { stdio: 'ignore' }).status !== 0) {
    log(`flock(1) is not installed: running without ${LAB1_LOCK} (nobody on this machine can be using it either)`);
    return undefined;
  }
  const t0 = Date.now();
  const child = spawn('flock', ['-w', String(Math.ceil(timeoutMs / 1000)), LAB1_LOCK, '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const waiting = setTimeout(() => log(`waiting for ${LAB1_LOCK} (someone else runs lab 1's stack)…`), 2000);
  try {
    await new Promise<void>((resolveLock, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('locked')) resolveLock();
      });
      child.once('exit', (code) => reject(new Error(`could not take ${LAB1_LOCK} within ${timeoutMs / 1000} s (flock exit ${code}) ${stderr.trim()}`)));
    });
  } finally {
    clearTimeout(waiting);
  }
  if (Date.now() - t0 > 2000) log(`took ${LAB1_LOCK} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // Held until this process exits: neither the child nor its pipes keep the event loop alive.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}

// ---------------------------------------------------------------------------------------------
// Small things

export { Fatal, eventually, sleep };

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function tempFolder(name: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `breakfix-e2e-ws-${name}-`));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

export function lastLines(text: string | undefined, n: number): string {
  return (text ?? '').trim().split('\n').slice(-n).join('\n');
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

function exactText(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** afterEach of a UI suite: on a failed test, a screenshot `failed-<prefix>-<title>.png` and the output channel's last lines. */
export async function recordFailure(test: Mocha.Test | undefined, wb: Workbench | undefined, prefix: string, lines = 25): Promise<boolean> {
  if (test?.state !== 'failed' || !wb) return false;
  await wb.screenshot(`failed-${prefix}-${test.title.replace(/\W+/g, '-').slice(0, 40)}.png`).catch(() => undefined);
  console.log(`      output channel (last lines):\n${wb.outputChannel().split('\n').slice(-lines).join('\n')}`);
  return true;
}

/** after of a UI suite: keeps code-server's logs when something failed, then closes the browser and code-server. */
export async function closeSession(cs: CodeServer | undefined, wb: Workbench | undefined, name: string, failed: boolean): Promise<void> {
  if (cs && failed) log(`logs saved to ${cs.saveLogs(name)}`);
  await wb?.close();
  await cs?.stop();
}

/** A lab-1 session in code-server: the lab-1 lock held (until the process exits), no lab-1 stack left over, a trusted workspace. */
export async function openLab1Session(ctx: Mocha.Context, name: string, files: Record<string, string> = {}, settings?: Record<string, unknown>): Promise<{ cs: CodeServer; wb: Workbench; ws: string }> {
  requirePrerequisites(ctx, { engine: true });
  const vsix = packageVsix();
  await lab1Lock();
  // A stack left by an aborted run (ours or anyone's) must not make "start" a no-op.
  if (projectContainers().length > 0) {
    log(`a ${PROJECT} stack is already there: taking it down first`);
    const r = cliDown();
    if (r.code !== 0) throw new Error(`breakfix down failed:\n${r.output}`);
  }
  const ws = tempFolder(name, files);
  const cs = await CodeServer.start({ name, folder: ws, trusted: true, vsixes: [vsix], settings });
  const wb = await Workbench.open(cs);
  log(`code-server ${cs.url}, workspace ${ws}`);
  return { cs, wb, ws };
}
