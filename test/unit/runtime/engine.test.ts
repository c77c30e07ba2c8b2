import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEngine } from '../../../src/core/runtime/engine';
import { EngineUnreachableError } from '../../../src/core/runtime/types';

const message = (where: string) => `Docker engine not reachable at ${where}: start Docker Desktop or set DOCKER_HOST`;

async function expectUnreachable(p: Promise<unknown>, where: string, maxMs = 5000) {
  const t = Date.now();
  await assert.rejects(p, (err: Error) => {
    assert.ok(err instanceof EngineUnreachableError, `got ${err.name}: ${err.message}`);
    assert.equal(err.message, message(where));
    assert.equal(err.where, where);
    return true;
  });
  assert.ok(Date.now() - t < maxMs, `took ${Date.now() - t} ms`);
}

describe('runtime/connectEngine', () => {
  let dir: string;
  const servers: (Server | TcpServer)[] = [];
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bf-eng-'))));
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A minimal engine on a unix socket: answers /_ping and /version. */
  function fakeEngine(socketPath: string) {
    const s = createServer((req, res) => {
      if (req.url?.endsWith('/_ping')) return res.end('OK');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Version: '99.0.0', ApiVersion: '1.99' }));
    });
    servers.push(s);
    return new Promise<void>((r) => s.listen(socketPath, r));
  }

  it('a nonexistent socket path fails fast with the user-facing message', async () => {
    const sock = join(dir, 'nope', 'docker.sock');
    await expectUnreachable(connectEngine({ env: { DOCKER_HOST: `unix://${sock}` } }), `unix://${sock}`);
  });

  it('a tcp port with nothing listening (127.0.0.1:1) fails fast', async () => {
    await expectUnreachable(connectEngine({ env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } }), 'tcp://127.0.0.1:1');
  });

  it('an endpoint that accepts but never answers fails after the ping timeout', async () => {
    const sockets: Socket[] = [];
    const s = createTcpServer((c) => sockets.push(c));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    const t = Date.now();
    await expectUnreachable(connectEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` }, pingTimeoutMs: 300 }), `tcp://127.0.0.1:${port}`);
    assert.ok(Date.now() - t >= 250);
    sockets.forEach((c) => c.destroy());
  });

  it('names every address it tried', async () => {
    const a = join(dir, 'a.sock');
    await expectUnreachable(
      connectEngine({ endpoints: [{ where: `unix://${a}`, socketPath: a, source: 'test' }, { where: 'tcp://127.0.0.1:1', host: '127.0.0.1', port: 1, protocol: 'http', source: 'test' }] }),
      `unix://${a}, tcp://127.0.0.1:1`,
    );
  });

  it('returns a client for the first candidate that answers', async () => {
    const good = join(dir, 'engine.sock');
    await fakeEngine(good);
    const missing = join(dir, 'missing.sock');
    const docker = await connectEngine({
      endpoints: [
        { where: `unix://${missing}`, socketPath: missing, source: 'default socket' },
        { where: `unix://${good}`, socketPath: good, source: 'Docker Desktop' },
      ],
    });
    assert.equal(docker.endpoint.source, 'Docker Desktop');
    assert.equal((await docker.version()).Version, '99.0.0');
  });

  it('an unsupported endpoint (ssh://) is reported as unreachable with the reason as cause', async () => {
    await assert.rejects(connectEngine({ env: { DOCKER_HOST: 'ssh://me@box' } }), (err: EngineUnreachableError) => {
      assert.equal(err.where, 'ssh://me@box');
      assert.match(String((err.cause as Error).message), /not supported/);
      return true;
    });
  });

  it('a client call on a vanished engine becomes EngineUnreachableError', async () => {
    const sock = join(dir, 'engine.sock');
    await fakeEngine(sock);
    const docker = await connectEngine({ endpoints: [{ where: `unix://${sock}`, socketPath: sock, source: 'test' }] });
    servers.splice(0).forEach((s) => s.close());
    rmSync(sock, { force: true });
    await assert.rejects(docker.version(), (err: Error) => err instanceof EngineUnreachableError && err.message === message(`unix://${sock}`));
  });
});
