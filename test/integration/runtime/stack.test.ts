// The runtime against a real engine and real Compose: throwaway lab fixtures on redis:7-alpine.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabEntry } from '../../../src/core/labs/types';
import {
  ComposeCli,
  connectEngine,
  detectCompose,
  DockerClient,
  projectName,
  stackDown,
  stackLogs,
  stackStatus,
  stackUp,
  StackUnhealthyError,
} from '../../../src/core/runtime';
import { settleHealth } from '../../../src/core/checker/stackPhases';

const suffix = `${process.pid}-${Date.now().toString(36)}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function fixture(id: string, compose: string): LabEntry {
  const dir = mkdtempSync(join(tmpdir(), `bf-rt-${id}-`));
  writeFileSync(join(dir, 'compose.yaml'), compose);
  return { lab: { id } as LabEntry['lab'], dir, composeFile: join(dir, 'compose.yaml'), readme: join(dir, 'README.md') };
}

const healthcheck = (test: string, retries = 30) => `
    healthcheck:
      test: ${test}
      interval: 1s
      timeout: 3s
      retries: ${retries}`;

describe('runtime on a real engine', function () {
  this.timeout(240_000);
  let docker: DockerClient;
  let compose: ComposeCli;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  const made: LabEntry[] = [];

  before(async function () {
    try {
      docker = await connectEngine();
      compose = await detectCompose();
    } catch (err) {
      const reason = (err as Error).message;
      if (process.env.CI === 'true') throw new Error(`CI=true and the runtime cannot run: ${reason}`);
      console.log(`    skipped: ${reason}`);
      this.skip();
    }
    console.log(`    engine ${docker.endpoint.where} (${docker.endpoint.source}); compose ${compose.argv.join(' ')} ${compose.version}`);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(lines.slice(-40).join('\n'));
    lines.length = 0;
  });

  after(async function () {
    // Whatever a failed test left behind.
    for (const entry of made) {
      if (docker) await docker.removeProjectResources(projectName(entry.lab.id)).catch(() => undefined);
      rmSync(entry.dir, { recursive: true, force: true });
    }
  });

  it('healthy stack: up → healthy → status → logs → down leaves nothing', async function () {
    const port = await freePort();
    const entry = fixture(`rt-ok-${suffix}`, `
services:
  cache:
    image: redis:7-alpine
    ports: ["127.0.0.1:${port}:6379"]
    volumes: [data:/data]${healthcheck('["CMD", "redis-cli", "ping"]')}
  replica:
    image: redis:7-alpine
    command: ["redis-server", "--replicaof", "cache", "6379"]
    depends_on:
      cache: { condition: service_healthy }${healthcheck('["CMD", "redis-cli", "ping"]')}
  debug:
    image: redis:7-alpine
    profiles: [tools]
volumes:
  data: {}
`);
    made.push(entry);
    const project = projectName(entry.lab.id);
    const opts = { log, compose, docker };

    let t = Date.now();
    const up = await stackUp(entry, { ...opts, profiles: ['tools'], timeoutMs: 180_000 });
    console.log(`      stackUp: ${Date.now() - t} ms`);
    assert.deepEqual(up.map((s) => s.service), ['cache', 'debug', 'replica']);
    for (const s of up) assert.equal(s.state, 'running', s.service);
    assert.deepEqual(up.filter((s) => s.service !== 'debug').map((s) => s.health), ['healthy', 'healthy']);
    assert.equal(up.find((s) => s.service === 'debug')?.health, 'none');

    const status = await stackStatus(entry, opts);
    const cache = status.find((s) => s.service === 'cache');
    assert.ok(cache);
    assert.deepEqual(cache.ports, [{ container: 6379, host: port, hostIp: '127.0.0.1' }]);

    const tail = await docker.logTail(cache.containerId, 10);
    assert.ok(tail.length > 0, 'logTail returns lines');
    assert.ok(tail.some((l) => /Ready to accept connections/i.test(l)), tail.join('\n'));

    const composeLines: string[] = [];
    await stackLogs(entry, 'replica', { ...opts, tail: 20, onLine: (l) => composeLines.push(l) });
    assert.ok(composeLines.some((l) => /replica/.test(l)), composeLines.join('\n'));

    // Follow: the first line arrives, then the signal ends the follow.
    const ac = new AbortController();
    const followed: string[] = [];
    await docker.followLogs(cache.containerId, (l) => {
      followed.push(l);
      ac.abort();
    }, { tail: 5, signal: ac.signal });
    assert.ok(followed.length >= 1);

    // Container and network operations the fault layer uses.
    await docker.pause(cache.containerId);
    assert.equal((await docker.inspect(cache.containerId)).State.Paused, true);
    await docker.unpause(cache.containerId);
    const [net] = await docker.containerNetworks(cache.containerId);
    assert.equal(net.network, `${project}_default`);
    assert.ok(net.aliases.includes('cache'), net.aliases.join(','));
    await docker.networkDisconnect(net.network, cache.containerId);
    assert.deepEqual(await docker.containerNetworks(cache.containerId), []);
    await docker.networkConnect(net.network, cache.containerId, net.aliases);
    assert.ok((await docker.containerNetworks(cache.containerId))[0].aliases.includes('cache'));
    await docker.kill(cache.containerId);
    assert.equal((await docker.inspect(cache.containerId)).State.Status, 'exited');
    await docker.start(cache.containerId);
    assert.equal((await docker.inspect(cache.containerId)).State.Running, true);

    const before = await docker.projectResources(project);
    assert.equal(before.containers.length, 3);
    assert.equal(before.networks.length, 1);
    assert.equal(before.volumes.length, 1);

    t = Date.now();
    const leftovers = await stackDown(entry, opts);
    console.log(`      stackDown: ${Date.now() - t} ms (leftovers removed by the engine: ${leftovers.containers.length + leftovers.networks.length + leftovers.volumes.length})`);
    assert.deepEqual(await docker.projectResources(project), { containers: [], networks: [], volumes: [] });
    assert.deepEqual(await stackStatus(entry, opts), []);
  });

  it("a healthcheck Docker runs only every 60 s: stackUp runs it itself and is ready once it passes, not at Docker's first probe", async function () {
    const rare = (test: string) => `
    healthcheck:
      test: ${test}
      interval: 60s
      timeout: 3s
      retries: 3`;
    const entry = fixture(`rt-rare-${suffix}`, `
services:
  cache:
    image: redis:7-alpine${rare('["CMD", "redis-cli", "ping"]')}
  plain:
    image: redis:7-alpine
  broken:
    image: redis:7-alpine${rare('["CMD-SHELL", "exit 1"]')}
    profiles: [tools]
`);
    made.push(entry);
    const up = await stackUp(entry, { log, compose, docker, timeoutMs: 50_000 });
    const cache = up.find((s) => s.service === 'cache')!;
    assert.equal(cache.health, 'healthy', 'its own healthcheck passed when stackUp ran it');
    assert.equal((await docker.inspect(cache.containerId)).State.Health?.Status, 'starting', "Docker's first probe has not run yet");
    assert.equal(await docker.runHealthcheck(cache.containerId), true);
    assert.equal(await docker.runHealthcheck(up.find((s) => s.service === 'plain')!.containerId), undefined, 'no healthcheck: nothing to run');
    await stackUp(entry, { log, compose, docker, profiles: ['tools'], timeoutMs: 8_000 }).then(
      () => assert.fail('a healthcheck that fails never makes the service ready'),
      (err: Error) => assert.match(err.message, /service "broken" did not become healthy/),
    );
    const broken = (await stackStatus(entry, { docker })).find((s) => s.service === 'broken')!;
    assert.equal(await docker.runHealthcheck(broken.containerId), false);
    await stackDown(entry, { log, compose, docker });
  });

  it('a paused container stays unhealthy after it is unpaused until Docker probes again: settleHealth waits for that, a check then starts clean', async function () {
    const entry = fixture(`rt-pause-${suffix}`, `
services:
  cache:
    image: redis:7-alpine
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 4s
      timeout: 3s
      retries: 120
`);
    made.push(entry);
    const [cache] = await stackUp(entry, { log, compose, docker, timeoutMs: 60_000 });
    await docker.pause(cache.containerId);
    await new Promise((r) => setTimeout(r, 500));
    await docker.unpause(cache.containerId);
    assert.equal((await docker.inspect(cache.containerId)).State.Health?.Status, 'unhealthy', 'Docker calls it unhealthy after the pause, whatever its retries');
    assert.equal(await docker.runHealthcheck(cache.containerId), true, 'yet it answers');
    await settleHealth(entry, docker);
    assert.equal((await docker.inspect(cache.containerId)).State.Health?.Status, 'healthy', 'settleHealth returned once Docker saw it healthy again');
    await stackDown(entry, { log, compose, docker });
  });

  it('unhealthy stack: StackUnhealthyError names the service and carries its logs; down cleans up', async function () {
    const entry = fixture(`rt-bad-${suffix}`, `
services:
  good:
    image: redis:7-alpine${healthcheck('["CMD", "redis-cli", "ping"]')}
  broken:
    image: redis:7-alpine${healthcheck('["CMD-SHELL", "echo probe failed; exit 1"]', 3)}
`);
    made.push(entry);
    const project = projectName(entry.lab.id);
    const t = Date.now();
    const err = await stackUp(entry, { log, compose, docker, timeoutMs: 120_000 }).then(
      () => assert.fail('stackUp should fail'),
      (e: unknown) => e,
    );
    console.log(`      stackUp → unhealthy: ${Date.now() - t} ms`);
    assert.ok(err instanceof StackUnhealthyError, String(err));
    assert.equal(err.service, 'broken');
    assert.match(err.reason, /unhealthy/);
    assert.match(err.reason, /probe failed/);
    assert.ok(err.logTail.length > 0, 'log lines of the failing service');
    assert.match(err.message, /service "broken"/);
    assert.match(err.message, /Ready to accept connections/i);

    const t2 = Date.now();
    await stackDown(entry, { log, compose, docker });
    console.log(`      stackDown: ${Date.now() - t2} ms`);
    assert.deepEqual(await docker.projectResources(project), { containers: [], networks: [], volumes: [] });
  });

  it('cancelling stackUp kills compose; down still cleans up', async function () {
    const entry = fixture(`rt-cancel-${suffix}`, `
services:
  slow:
    image: redis:7-alpine${healthcheck('["CMD-SHELL", "sleep 2; redis-cli ping"]')}
`);
    made.push(entry);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1500);
    const t = Date.now();
    await assert.rejects(stackUp(entry, { log, compose, docker, signal: ac.signal }), (e: Error) => e.name === 'CancelledError');
    assert.ok(Date.now() - t < 10_000, `cancel took ${Date.now() - t} ms`);
    const t2 = Date.now();
    await stackDown(entry, { log, compose, docker });
    console.log(`      stackDown after cancel: ${Date.now() - t2} ms`);
    // A create the engine finished after Compose was killed must not survive either.
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await docker.projectResources(projectName(entry.lab.id)), { containers: [], networks: [], volumes: [] });
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
});
