import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabEntry } from '../../../src/core/labs/types';
import { composeFiles, composeProjectArgs, declaredProfiles, downArgs, projectName, stackDown, stackUp, upArgs } from '../../../src/core/runtime/stack';
import { CancelledError, ComposeCli, ComposeError, EngineEndpoint, ServiceStatus, StackUnhealthyError } from '../../../src/core/runtime/types';
import { FakeEngine } from '../../support/fakeEngine';

const v1: ComposeCli = { kind: 'v1', argv: ['docker-compose'], version: '1.29.2', chosenBy: 'detected' };
const v2 = (version: string): ComposeCli => ({ kind: 'v2', argv: ['docker', 'compose'], version, chosenBy: 'detected' });
/** A "compose" that runs a shell snippet and ignores its arguments. */
const shCompose = (script: string): ComposeCli => ({ kind: 'v1', argv: ['sh', '-c', script, 'sh'], version: '1.29.2', chosenBy: 'test' });

function status(service: string, state: string, health: ServiceStatus['health'], exitCode?: number): ServiceStatus {
  return { service, containerId: `id-${service}`, state, health, ports: [], ...(exitCode !== undefined ? { exitCode } : {}) };
}

/**
 * The typed fake engine, replaying a sequence of projectContainers answers (the last one repeats). Each
 * container's logs are "<id> line 1/2" and its last healthcheck printed "PONG? no".
 */
function fakeDocker(sequence: ServiceStatus[][], endpoint?: EngineEndpoint): FakeEngine {
  const engine = new FakeEngine({ project: 'breakfix-demo-lab', endpoint: endpoint ?? { where: 'unix:///fake.sock', socketPath: '/fake.sock', source: 'DOCKER_HOST' } });
  let answer = 0;
  engine.beforeCall = (method) => {
    if (method !== 'projectContainers') return;
    engine.setStatuses(sequence[Math.min(answer++, sequence.length - 1)]);
    for (const c of engine.containers.values()) {
      c.logs = [`${c.id} line 1`, `${c.id} line 2`];
      c.healthLog = [{ ExitCode: 1, Output: 'PONG? no\n' }];
    }
  };
  return engine;
}

const posixOnly = process.platform === 'win32' ? describe.skip : describe;

posixOnly('runtime/stack', () => {
  let dir: string;
  let entry: LabEntry;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bf-stack-'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  api:\n    image: x\n  grafana:\n    image: y\n    profiles: [grafana]\n  debug:\n    image: z\n    profiles: [tools, grafana]\n',
    );
    entry = { lab: { id: 'demo-lab' } as LabEntry['lab'], dir, composeFile: join(dir, 'compose.yaml'), readme: join(dir, 'README.md') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('projectName is breakfix-<labId>', () => {
    assert.equal(projectName('notification-retry-storm'), 'breakfix-notification-retry-storm');
  });

  it('compose files: compose.yaml, then existing BREAKFIX_COMPOSE_OVERRIDES files in order', () => {
    writeFileSync(join(dir, 'compose.ci.yaml'), 'services: {}\n');
    writeFileSync(join(dir, 'compose.local.yaml'), 'services: {}\n');
    const env = { BREAKFIX_COMPOSE_OVERRIDES: 'compose.local.yaml, missing.yaml,compose.ci.yaml' };
    assert.deepEqual(composeFiles(entry, { env }), [join(dir, 'compose.yaml'), join(dir, 'compose.local.yaml'), join(dir, 'compose.ci.yaml')]);
    assert.deepEqual(composeProjectArgs(entry, { env }), [
      '-f', join(dir, 'compose.yaml'), '-f', join(dir, 'compose.local.yaml'), '-f', join(dir, 'compose.ci.yaml'),
      '--project-directory', dir, '-p', 'breakfix-demo-lab',
    ]);
    assert.deepEqual(composeFiles(entry, { env: {} }), [join(dir, 'compose.yaml')]);
  });

  it('a workspace copy (dir) replaces the lab folder everywhere', () => {
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'compose.ci.yaml'), 'services: {}\n');
    const args = composeProjectArgs(entry, { dir: ws, env: { BREAKFIX_COMPOSE_OVERRIDES: 'compose.ci.yaml' } });
    assert.deepEqual(args, ['-f', join(ws, 'compose.yaml'), '-f', join(ws, 'compose.ci.yaml'), '--project-directory', ws, '-p', 'breakfix-demo-lab']);
  });

  it('up: -d --build, with --wait only on Compose >= 2.1.1; requested profiles before the subcommand', () => {
    const base = composeProjectArgs(entry, { env: {} });
    assert.deepEqual(upArgs(entry, v1, { env: {} }), [...base, 'up', '-d', '--build', '--remove-orphans']);
    assert.deepEqual(upArgs(entry, v2('2.1.0'), { env: {} }), [...base, 'up', '-d', '--build', '--remove-orphans']);
    assert.deepEqual(upArgs(entry, v2('2.1.1'), { env: {}, profiles: ['grafana'] }), [...base, '--profile', 'grafana', 'up', '-d', '--build', '--remove-orphans', '--wait']);
  });

  it('down: every declared profile, -v and --remove-orphans', () => {
    assert.deepEqual(declaredProfiles([join(dir, 'compose.yaml'), join(dir, 'missing.yaml')]), ['grafana', 'tools']);
    const base = composeProjectArgs(entry, { env: {} });
    assert.deepEqual(downArgs(entry, { env: {} }), [...base, '--profile', 'grafana', '--profile', 'tools', 'down', '-v', '--remove-orphans']);
  });

  describe('stackUp waiting (fake compose and engine)', () => {
    it('polls until every service runs and is healthy; a completed one-shot counts as ready', async () => {
      const docker = fakeDocker([
        [status('api', 'running', 'starting'), status('db', 'created', 'none')],
        [status('api', 'running', 'starting'), status('db', 'running', 'healthy')],
        [status('api', 'running', 'healthy'), status('db', 'running', 'healthy'), status('migrate', 'exited', 'none', 0)],
      ]);
      const r = await stackUp(entry, { compose: shCompose('exit 0'), docker, env: {}, timeoutMs: 10_000 });
      assert.deepEqual(r.map((s) => s.service), ['api', 'db', 'migrate']);
      assert.equal(docker.calls.projectContainers, 3);
    });

    it('a service still `starting` is ready once its own healthcheck passes when run, before Docker says so', async () => {
      const docker = fakeDocker([[status('api', 'running', 'starting'), status('db', 'running', 'healthy')]]);
      let runs = 0;
      const before = docker.beforeCall!;
      docker.beforeCall = (method, args) => {
        before(method, args);
        if (method === 'runHealthcheck') for (const c of docker.containers.values()) c.probe = ++runs >= 2; // fails once, then passes
      };
      const r = await stackUp(entry, { compose: shCompose('exit 0'), docker, env: {}, timeoutMs: 10_000 });
      assert.deepEqual(r.map((s) => `${s.service} ${s.health}`), ['api healthy', 'db healthy']);
      assert.equal(docker.calls.runHealthcheck, 2, 'only the starting service is probed, once per poll');
    });

    it('a service Docker still calls unhealthy (it was paused until now) is ready when its own healthcheck passes now', async () => {
      const docker = fakeDocker([[status('cache', 'running', 'unhealthy')]]);
      const before = docker.beforeCall!;
      docker.beforeCall = (method, args) => {
        before(method, args);
        if (method === 'runHealthcheck') for (const c of docker.containers.values()) c.probe = true;
      };
      const r = await stackUp(entry, { compose: shCompose('exit 0'), docker, env: {}, timeoutMs: 10_000 });
      assert.deepEqual(r.map((s) => `${s.service} ${s.health}`), ['cache healthy']);
    });

    it('an unhealthy service raises StackUnhealthyError with its healthcheck output and log lines', async () => {
      const docker = fakeDocker([[status('api', 'running', 'starting')], [status('api', 'running', 'unhealthy')]]);
      await assert.rejects(stackUp(entry, { compose: shCompose('exit 0'), docker, env: {} }), (err: StackUnhealthyError) => {
        assert.ok(err instanceof StackUnhealthyError);
        assert.equal(err.service, 'api');
        assert.match(err.reason, /is unhealthy \(last healthcheck exited 1: PONG\? no\)/);
        assert.deepEqual(err.logTail, ['id-api line 1', 'id-api line 2']);
        assert.match(err.message, /service "api" is unhealthy/);
        return true;
      });
    });

    it('a service that exits non-zero fails at once', async () => {
      const docker = fakeDocker([[status('worker', 'exited', 'none', 137), status('api', 'running', 'healthy')]]);
      await assert.rejects(stackUp(entry, { compose: shCompose('exit 0'), docker, env: {} }), /service "worker" exited with code 137/);
    });

    it('the timeout names the service still not ready', async () => {
      const docker = fakeDocker([[status('api', 'running', 'healthy'), status('db', 'running', 'starting')]]);
      const t = Date.now();
      await assert.rejects(stackUp(entry, { compose: shCompose('exit 0'), docker, env: {}, timeoutMs: 1200 }), (err: StackUnhealthyError) => {
        assert.equal(err.service, 'db');
        assert.match(err.reason, /did not become healthy within 1 s/);
        return true;
      });
      assert.ok(Date.now() - t < 4000);
    });

    it('when compose up itself fails, the failing service is named; otherwise the ComposeError surfaces', async () => {
      const failing = fakeDocker([[status('db', 'running', 'unhealthy')]]);
      await assert.rejects(stackUp(entry, { compose: shCompose('echo "ERROR: for api  Container is unhealthy" >&2; exit 1'), docker: failing, env: {} }), (err: Error) => {
        assert.ok(err instanceof StackUnhealthyError);
        assert.equal((err as StackUnhealthyError).service, 'db');
        return true;
      });
      const clean = fakeDocker([[]]);
      await assert.rejects(stackUp(entry, { compose: shCompose('echo "build failed" >&2; exit 1'), docker: clean, env: {} }), (err: Error) => {
        assert.ok(err instanceof ComposeError);
        assert.match(err.message, /build failed/);
        return true;
      });
    });

    it('cancellation kills compose and rejects with CancelledError', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t = Date.now();
      await assert.rejects(stackUp(entry, { compose: shCompose('sleep 30'), docker: fakeDocker([[]]), env: {}, signal: ac.signal }), CancelledError);
      assert.ok(Date.now() - t < 3000);
    });

    it('hands a socket found by discovery to compose as DOCKER_HOST', async () => {
      const out = join(dir, 'env.txt');
      const docker = fakeDocker([[status('api', 'running', 'none')]], { where: 'unix:///home/u/.docker/run/docker.sock', socketPath: '/home/u/.docker/run/docker.sock', source: 'Docker Desktop' });
      await stackUp(entry, { compose: shCompose(`echo "$DOCKER_HOST" > ${out}`), docker, env: { PATH: process.env.PATH } });
      assert.equal(require('node:fs').readFileSync(out, 'utf8').trim(), 'unix:///home/u/.docker/run/docker.sock');
    });
  });

  describe('stackDown (fake compose and engine)', () => {
    it('removes leftovers through the engine even when compose fails', async () => {
      // Its own project: the cancelled `up` above makes stackDown of demo-lab wait 10 s for the engine to settle.
      const downEntry: LabEntry = { ...entry, lab: { ...entry.lab, id: 'demo-down' } };
      const docker = new FakeEngine({ project: 'breakfix-demo-down' });
      docker.addContainer({ id: 'c1', service: 'api', networks: new Map([['n1', ['api']]]) });
      docker.addNetwork('n1');
      const log: string[] = [];
      const left = await stackDown(downEntry, { compose: shCompose('echo "yaml: bad" >&2; exit 1'), docker, env: {}, log: (l) => log.push(l) });
      assert.deepEqual(left, { containers: ['c1'], networks: ['n1'], volumes: [] });
      assert.equal(docker.calls.removeProjectResources, 1);
      assert.deepEqual(docker.containers.size + docker.networks.size, 0);
      assert.ok(log.some((l) => /Compose down failed/.test(l)));
    });
  });
});
