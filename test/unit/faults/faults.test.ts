import { strict as assert } from 'node:assert';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectFault, revertAll, revertFault } from '../../../src/core/faults/actions';
import { findFault, UnknownFaultError } from '../../../src/core/faults/context';
import { getPath } from '../../../src/core/runtime/http';
import { hostUrl, TargetError } from '../../../src/core/runtime/targets';
import { faultStates, FaultNotActiveError, verifyFault } from '../../../src/core/faults/verify';
import type { Fault, Lab, LabEntry } from '../../../src/core/labs/types';
import type { ServiceStatus } from '../../../src/core/runtime/types';
import { FakeEngine } from '../../support/fakeEngine';

const PROJECT_NET = 'breakfix-demo_default';

const faults: Fault[] = [
  {
    id: 'outage',
    title: 'Outage',
    kind: 'http',
    inject: { service: 'provider', port: 8081, method: 'POST', path: '/admin/faults', body: { outage: true } },
    revert: { service: 'provider', port: 8081, method: 'POST', path: '/admin/faults', body: { outage: false } },
    verify: { probe: { service: 'provider', port: 8081, path: '/admin/faults' }, expect: { path: 'state.outage', equals: true } },
  },
  { id: 'kill-worker', title: 'Kill', kind: 'container', service: 'worker', action: 'kill', revert: { action: 'start' }, verify: { container: 'worker', state: 'exited' } },
  { id: 'pause-queue', title: 'Pause', kind: 'container', service: 'queue', action: 'pause', revert: { action: 'unpause' }, verify: { container: 'queue', state: 'paused' } },
  { id: 'partition', title: 'Partition', kind: 'network', service: 'provider', action: 'disconnect', revert: { action: 'connect' }, verify: { network: 'provider', connected: false } },
];

/** The typed fake engine with worker, queue and provider running; only the provider publishes a port. */
function fakeDocker(providerPort: number) {
  const engine = new FakeEngine({ project: 'breakfix-demo' });
  engine.addContainer({ id: 'id-worker', service: 'worker' });
  engine.addContainer({ id: 'id-queue', service: 'queue' });
  engine.addContainer({ id: 'id-provider', service: 'provider', ports: [{ container: 8081, host: providerPort }] });
  const state = () => Object.fromEntries([...engine.containers.values()].map((c) => [c.service, c.state]));
  return { docker: engine, calls: () => engine.changes(), state };
}

describe('faults', () => {
  let server: Server;
  let port: number;
  let providerFaults: Record<string, unknown>;
  const requests: string[] = [];
  const entry: LabEntry = { lab: { id: 'demo', faults } as unknown as Lab, dir: '/nowhere', composeFile: '/nowhere/compose.yaml', readme: '' };

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push(`${req.method} ${req.url} ${body}`);
        if (req.method === 'POST') providerFaults = { ...providerFaults, ...JSON.parse(body) };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ state: providerFaults }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    providerFaults = { outage: false };
    requests.length = 0;
  });
  after(() => server.close());

  it('findFault: an unknown id lists the lab faults', () => {
    assert.throws(() => findFault(entry.lab, 'nope'), (e: Error) => e instanceof UnknownFaultError && /no fault "nope". Faults: outage, kill-worker, pause-queue, partition\./.test(e.message));
  });

  it('getPath reads dot paths, array indexes, and misses cleanly', () => {
    const v = { duplicates: 0, stats: { lost: 3, items: [{ id: 'a' }] } };
    assert.equal(getPath(v, 'duplicates'), 0);
    assert.equal(getPath(v, 'stats.lost'), 3);
    assert.equal(getPath(v, 'stats.items.0.id'), 'a');
    assert.equal(getPath(v, 'stats.nope.deeper'), undefined);
    assert.equal(getPath(null, 'a'), undefined);
  });

  it('hostUrl maps a container port to 127.0.0.1:<host port>, or says which service/port is missing', () => {
    const st: ServiceStatus[] = [{ service: 'api', containerId: 'x', state: 'running', health: 'healthy', ports: [{ container: 8080, host: 18080, hostIp: '127.0.0.1' }] }];
    assert.equal(hostUrl(entry, st, 'api', 8080), 'http://127.0.0.1:18080');
    assert.throws(() => hostUrl(entry, st, 'api', 9999), (e: Error) => e instanceof TargetError && /service "api" of lab demo does not publish container port 9999 \(published: 8080\)/.test(e.message));
    assert.throws(() => hostUrl(entry, st, 'nope', 80), /no running service "nope" \(services: api\)/);
    assert.throws(() => hostUrl(entry, [], 'api', 8080), /lab demo is not running: start it with `breakfix up demo`/);
  });

  it('http: inject calls the control endpoint, verify reads the dot path, revert undoes it', async () => {
    const { docker } = fakeDocker(port);
    const ctx = { docker };
    await injectFault(ctx, entry, 'outage');
    const v = await verifyFault(ctx, entry, 'outage');
    assert.equal(v.holds, true);
    assert.match(v.detail, /state.outage = true/);
    assert.deepEqual(requests.slice(0, 1), ['POST /admin/faults {"outage":true}']);
    await revertFault(ctx, entry, 'outage');
    assert.deepEqual(providerFaults, { outage: false });
  });

  it('verify gives up after its timeout with what it saw', async () => {
    const { docker } = fakeDocker(port);
    const t0 = Date.now();
    await assert.rejects(verifyFault({ docker }, entry, 'outage', { timeoutMs: 600, intervalMs: 100 }), (e: Error) => e instanceof FaultNotActiveError && /within 0.6 s: GET .* state.outage = false \(want true\)/.test(e.message));
    assert.ok(Date.now() - t0 < 2000);
  });

  it('container: kill → exited, start again; pause → paused, unpause; reverts are idempotent', async () => {
    const { docker, calls, state } = fakeDocker(port);
    const ctx = { docker };
    await injectFault(ctx, entry, 'kill-worker');
    await injectFault(ctx, entry, 'pause-queue');
    assert.deepEqual(state(), { worker: 'exited', queue: 'paused', provider: 'running' });
    assert.equal((await verifyFault(ctx, entry, 'kill-worker')).holds, true);
    assert.equal((await verifyFault(ctx, entry, 'pause-queue')).holds, true);
    await revertFault(ctx, entry, 'kill-worker');
    await revertFault(ctx, entry, 'kill-worker');
    await revertFault(ctx, entry, 'pause-queue');
    await revertFault(ctx, entry, 'pause-queue');
    assert.deepEqual(calls(), ['kill worker', 'pause queue', 'start worker', 'unpause queue']);
  });

  it('pause waits until no exec runs in the container (a healthcheck probe), then pauses; not longer than 2 s', async () => {
    const { docker, calls } = fakeDocker(port);
    const queue = docker.container('id-queue');
    queue.execIds = ['probe-1'];
    let pausedWith: string[] | undefined;
    const pause = docker.pause.bind(docker);
    docker.pause = async (id, o) => {
      pausedWith = docker.container(id).execIds;
      return pause(id, o);
    };
    setTimeout(() => (queue.execIds = []), 150);
    const t0 = Date.now();
    await injectFault({ docker }, entry, 'pause-queue');
    assert.ok(Date.now() - t0 >= 140, `paused after ${Date.now() - t0} ms, while the probe ran`);
    assert.deepEqual(pausedWith, []);
    await revertFault({ docker }, entry, 'pause-queue');

    // An exec that never ends (a hung probe) does not hold the fault back for more than 2 s.
    queue.execIds = ['stuck'];
    const t1 = Date.now();
    await injectFault({ docker }, entry, 'pause-queue');
    const waited = Date.now() - t1;
    assert.ok(waited >= 1900 && waited < 3000, `waited ${waited} ms`);
    assert.deepEqual(calls(), ['pause queue', 'unpause queue', 'pause queue']);
  });

  it('network: disconnect from <project>_default, reconnect with the service alias', async () => {
    const { docker, calls } = fakeDocker(port);
    const ctx = { docker };
    await injectFault(ctx, entry, 'partition');
    assert.equal((await verifyFault(ctx, entry, 'partition')).holds, true);
    await revertFault(ctx, entry, 'partition');
    assert.deepEqual(calls(), [`disconnect provider ${PROJECT_NET}`, `connect provider ${PROJECT_NET} provider`]);
  });

  it('faultStates: active = verify holds now; unreachable targets are "unknown" with the reason', async () => {
    const { docker } = fakeDocker(port);
    const ctx = { docker };
    await injectFault(ctx, entry, 'pause-queue');
    await injectFault(ctx, entry, 'partition');
    const states = Object.fromEntries((await faultStates(ctx, entry)).map((s) => [s.id, s]));
    assert.equal(states['pause-queue'].active, true);
    assert.equal(states['kill-worker'].active, false);
    assert.equal(states['partition'].active, true);
    assert.equal(states['outage'].active, null, 'the provider is cut off: its probe cannot run');
    assert.match(states['outage'].detail, /publishes no port right now.*cut off its network/);
  });

  it('revertAll heals network and container faults before HTTP ones (a partitioned service cannot take HTTP)', async () => {
    const { docker, calls } = fakeDocker(port);
    const ctx = { docker };
    await injectFault(ctx, entry, 'outage');
    await injectFault(ctx, entry, 'partition');
    const errors = await revertAll(ctx, entry);
    assert.deepEqual(errors, []);
    assert.equal(calls().slice(-1)[0], `connect provider ${PROJECT_NET} provider`);
    assert.deepEqual(providerFaults, { outage: false });
  });
});
