import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextDirName, discoverEndpoints, endpointFromDockerHost } from '../../../src/core/runtime/discovery';

describe('runtime/discovery', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'bf-disc-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const none = () => false;
  const wheres = (opts: Parameters<typeof discoverEndpoints>[0]) => discoverEndpoints({ homeDir: home, platform: 'linux', uid: 1000, exists: none, ...opts }).map((e) => e.where);

  function writeContext(configDir: string, name: string, host: string) {
    const dir = join(configDir, 'contexts', 'meta', contextDirName(name));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  }

  it('names context folders by the hex sha256 of the context name, as Docker does', () => {
    assert.equal(contextDirName('desktop-linux'), 'fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e');
    assert.equal(contextDirName('default'), '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('DOCKER_HOST wins over context and sockets, and is the only candidate', () => {
    writeContext(join(home, '.docker'), 'colima', 'unix:///ctx.sock');
    const all = () => true;
    const e = discoverEndpoints({ homeDir: home, platform: 'linux', exists: all, env: { DOCKER_HOST: 'unix:///custom/docker.sock', DOCKER_CONTEXT: 'colima' } });
    assert.deepEqual(e, [{ where: 'unix:///custom/docker.sock', socketPath: '/custom/docker.sock', source: 'DOCKER_HOST' }]);
  });

  it('parses tcp, bare host:port, TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, npipe and ssh', () => {
    assert.deepEqual(endpointFromDockerHost('tcp://10.0.0.5:2375', {}, '/cfg'), { where: 'tcp://10.0.0.5:2375', host: '10.0.0.5', port: 2375, protocol: 'http', source: 'DOCKER_HOST' });
    assert.equal(endpointFromDockerHost('localhost:1234', {}, '/cfg').where, 'tcp://localhost:1234');
    const tls = endpointFromDockerHost('tcp://docker.example:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, '/cfg');
    assert.equal(tls.protocol, 'https');
    assert.deepEqual(tls.tls, { verify: true, caFile: join('/certs', 'ca.pem'), certFile: join('/certs', 'cert.pem'), keyFile: join('/certs', 'key.pem') });
    const defaultCerts = endpointFromDockerHost('tcp://h', { DOCKER_TLS_VERIFY: '1' }, '/cfg');
    assert.equal(defaultCerts.port, 2376);
    assert.equal(defaultCerts.tls?.caFile, join('/cfg', 'ca.pem'));
    const pipe = endpointFromDockerHost('npipe:////./pipe/docker_engine', {}, '/cfg');
    assert.deepEqual([pipe.where, pipe.socketPath], ['npipe:////./pipe/docker_engine', '//./pipe/docker_engine']);
    assert.match(endpointFromDockerHost('ssh://me@box', {}, '/cfg').unsupported ?? '', /ssh:\/\/ endpoints are not supported/);
  });

  it('uses the DOCKER_CONTEXT endpoint from contexts/meta/<sha256>/meta.json, before the default socket', () => {
    writeContext(join(home, '.docker'), 'colima', `unix://${home}/.colima/docker.sock`);
    const e = discoverEndpoints({ homeDir: home, platform: 'linux', exists: none, env: { DOCKER_CONTEXT: 'colima' } });
    assert.deepEqual(e.map((x) => [x.where, x.source]), [
      [`unix://${home}/.colima/docker.sock`, 'docker context colima'],
      ['unix:///var/run/docker.sock', 'default socket'],
    ]);
  });

  it('reads currentContext from config.json, in DOCKER_CONFIG when set', () => {
    const cfg = join(home, 'elsewhere');
    mkdirSync(cfg, { recursive: true });
    writeFileSync(join(cfg, 'config.json'), JSON.stringify({ currentContext: 'desktop-linux' }));
    writeContext(cfg, 'desktop-linux', 'tcp://127.0.0.1:2375');
    assert.deepEqual(wheres({ env: { DOCKER_CONFIG: cfg } }), ['tcp://127.0.0.1:2375', 'unix:///var/run/docker.sock']);
    // Without DOCKER_CONFIG, ~/.docker has no config: only the default socket.
    assert.deepEqual(wheres({ env: {} }), ['unix:///var/run/docker.sock']);
  });

  it('a context with TLS material speaks https with those files', () => {
    const cfg = join(home, '.docker');
    writeContext(cfg, 'remote', 'tcp://remote.example:2376');
    const tlsDir = join(cfg, 'contexts', 'tls', contextDirName('remote'), 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tlsDir, f), 'x');
    const [e] = discoverEndpoints({ homeDir: home, platform: 'linux', exists: none, env: { DOCKER_CONTEXT: 'remote' } });
    assert.equal(e.protocol, 'https');
    assert.equal(e.tls?.certFile, join(tlsDir, 'cert.pem'));
  });

  it('ignores the "default" context and a context without meta.json', () => {
    assert.deepEqual(wheres({ env: { DOCKER_CONTEXT: 'default' } }), ['unix:///var/run/docker.sock']);
    assert.deepEqual(wheres({ env: { DOCKER_CONTEXT: 'missing' } }), ['unix:///var/run/docker.sock']);
  });

  it('falls back to the default socket, then Docker Desktop, then Podman sockets that exist', () => {
    const present = new Set([
      join(home, '.docker', 'run', 'docker.sock'),
      join(home, '.docker', 'desktop', 'docker.sock'),
      '/xdg/podman/podman.sock',
      '/run/user/1000/podman/podman.sock',
    ]);
    const e = discoverEndpoints({ homeDir: home, platform: 'linux', uid: 1000, exists: (p) => present.has(p), env: { XDG_RUNTIME_DIR: '/xdg' } });
    assert.deepEqual(e.map((x) => [x.where, x.source]), [
      ['unix:///var/run/docker.sock', 'default socket'],
      [`unix://${home}/.docker/run/docker.sock`, 'Docker Desktop'],
      [`unix://${home}/.docker/desktop/docker.sock`, 'Docker Desktop'],
      ['unix:///xdg/podman/podman.sock', 'Podman'],
      ['unix:///run/user/1000/podman/podman.sock', 'Podman'],
    ]);
  });

  it('does not list the same address twice', () => {
    writeContext(join(home, '.docker'), 'plain', 'unix:///var/run/docker.sock');
    assert.deepEqual(wheres({ env: { DOCKER_CONTEXT: 'plain' } }), ['unix:///var/run/docker.sock']);
  });

  it('on Windows the default is the docker_engine named pipe', () => {
    const e = discoverEndpoints({ homeDir: home, platform: 'win32', exists: none, env: {} });
    assert.deepEqual(e.map((x) => x.where), ['npipe:////./pipe/docker_engine']);
  });
});
