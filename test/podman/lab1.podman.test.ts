// Lab 1 (notification-retry-storm) on Podman instead of Docker: `podman system service` (rootful) answers the
// Docker API on its own socket, and the CLI reaches it through DOCKER_HOST with Compose v1, as a learner on a
// Podman machine would: start → up → check (the baseline: it must fail the lab's baselineFails) → down.
// Setup (docs/podman-trial.md): podman 4.3 from apt, the service started with default_ulimits that fit the
// machine's hard limits, the stand-in images loaded with `docker save | podman load`, and, on a machine without
// systemd, something that runs `podman healthcheck run` every second (Podman's health timers need systemd).
// Compose v1 must build without BuildKit (Podman has no BuildKit endpoint): DOCKER_BUILDKIT and
// COMPOSE_DOCKER_CLI_BUILD are removed from the CLI's environment here.
// Lab 1 uses fixed ports (the same as on Docker): run under `flock /tmp/breakfix-docker.lock`.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunReport } from '../../src/core/checker/types';
import { runsDir } from '../../src/core/workspace/paths';
import { cli, repo } from '../integration/helpers';
import { LAB, lab, SERVICES } from '../integration/lab1-session';

const SOCKET = process.env.BREAKFIX_PODMAN_SOCKET || '/run/podman/podman.sock';
const PROJECT = `breakfix-${LAB}`;

/** The environment of a learner on Podman: DOCKER_HOST at its socket, no BuildKit. */
function podmanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${SOCKET}`, BREAKFIX_LABS_DIR: resolve(repo, 'labs') };
  delete env.DOCKER_BUILDKIT;
  delete env.COMPOSE_DOCKER_CLI_BUILD;
  delete env.DOCKER_CONTEXT;
  return env;
}

function breakfixOnPodman(args: string[], timeoutMs = 900_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, env: podmanEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** In CI a missing Podman (CLI or service) fails the suite; elsewhere the suite is skipped with the reason printed. */
function requirePodman(ctx: Mocha.Context): void {
  const version = spawnSync('podman', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8', timeout: 15_000 });
  const ping = version.status === 0 ? spawnSync('curl', ['-sf', '--max-time', '5', '--unix-socket', SOCKET, 'http://podman/_ping'], { encoding: 'utf8' }) : undefined;
  let reason = '';
  if (version.status !== 0) reason = `podman is not installed (podman version: ${(version.stderr || version.error?.message || '').trim()})`;
  else if (ping?.status !== 0) reason = `no Podman service answers on ${SOCKET} (start: podman system service --time=0 unix://${SOCKET})`;
  if (!reason) return;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}. See docs/podman-trial.md for the setup.`);
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

/** Ids of every container, network and volume of lab 1's project in Podman's storage. */
function podmanLeftovers(): string[] {
  const filter = `label=com.docker.compose.project=${PROJECT}`;
  const q = (args: string[]) => execFileSync('podman', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  return [
    ...q(['ps', '-aq', '--filter', filter]).map((id) => `container ${id}`),
    ...q(['network', 'ls', '-q', '--filter', filter]).map((id) => `network ${id}`),
    ...q(['volume', 'ls', '-q', '--filter', filter]).map((id) => `volume ${id}`),
  ];
}

describe(`lab ${LAB} on Podman (podman system service + Compose v1 through DOCKER_HOST)`, function () {
  let ws = '';

  before(function () {
    requirePodman(this);
    ws = mkdtempSync(join(tmpdir(), 'bf-podman-'));
    breakfixOnPodman(['down', LAB]);
  });
  after(() => {
    if (!ws) return;
    breakfixOnPodman(['down', LAB]);
    rmSync(ws, { recursive: true, force: true });
  });

  it('doctor finds the engine at the Podman socket and Compose', () => {
    const r = breakfixOnPodman(['doctor', '--json'], 120_000);
    assert.match(r.stdout + r.stderr, new RegExp(SOCKET.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    assert.match(r.stdout, /Podman \d/, 'doctor names the engine Podman, not Docker');
  });

  it('start, then up: every service of lab 1 runs and is healthy', () => {
    const s = breakfixOnPodman(['start', LAB, '--workspace', ws]);
    assert.equal(s.code, 0, s.stderr);
    const r = breakfixOnPodman(['up', LAB, '--workspace', ws], 480_000);
    assert.equal(r.code, 0, `up failed on Podman:\n${r.stderr.slice(-3000)}`);
    const st = breakfixOnPodman(['status', LAB, '--json'], 60_000);
    assert.equal(st.code, 0, st.stderr);
    const [status] = JSON.parse(st.stdout) as { healthy: boolean; services: { service: string; state: string; health: string }[] }[];
    assert.deepEqual(status.services.map((x) => x.service).sort(), SERVICES);
    for (const x of status.services) assert.deepEqual([x.service, x.state, x.health], [x.service, 'running', 'healthy']);
    assert.equal(status.healthy, true);
  });

  it("check runs on the baseline and fails at least the lab's baselineFails", () => {
    const started = Date.now();
    const r = breakfixOnPodman(['check', LAB, '--workspace', ws], 1_200_000);
    assert.equal(r.code, 1, `the baseline check must run and fail (exit 1):\n${(r.stdout + r.stderr).slice(-3000)}`);
    const dir = runsDir(ws, LAB);
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : [];
    assert.equal(names.length, 1, `one run report in ${dir}`);
    const report = JSON.parse(readFileSync(join(dir, names[0]), 'utf8')) as RunReport;
    assert.equal(report.verdict, 'fail', `the run ended in ${report.verdict}: ${report.error ?? ''}\n${(r.stdout + r.stderr).slice(-2000)}`);
    const failing = report.checks.filter((c) => !c.pass).map((c) => c.id);
    for (const id of lab.proof.baselineFails) assert.ok(failing.includes(id), `${id} fails on the baseline (failing: ${failing.join(', ')})`);
    console.log(`      check took ${((Date.now() - started) / 1000).toFixed(0)} s; failing: ${failing.join(', ')}`);
  });

  it('down removes every container, network and volume of the project from Podman', () => {
    const r = breakfixOnPodman(['down', LAB], 300_000);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(podmanLeftovers(), []);
  });
});
