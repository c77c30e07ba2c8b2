// Where is the Docker engine? Candidate endpoints in the order a user expects, without spawning the docker CLI.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix } from 'node:path';
import { EngineEndpoint } from './types';

/** Everything discovery reads from the machine, injectable for tests. */
export interface DiscoveryOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
  uid?: number;
  /** Whether a socket file (or named pipe) exists. */
  exists?: (path: string) => boolean;
}

const WINDOWS_DEFAULT_PIPE = '//./pipe/docker_engine';

/**
 * Candidates in order:
 * 1. DOCKER_HOST: when set it is the only candidate (an explicit choice is never silently replaced);
 * 2. the current docker context (DOCKER_CONTEXT, else `currentContext` of config.json);
 * 3. the default socket; 4. Docker Desktop user sockets; 5. Podman sockets.
 * Optional sockets (4, 5) are listed only when they exist; the default socket is always listed.
 */
export function discoverEndpoints(opts: DiscoveryOptions = {}): EngineEndpoint[] {
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? homedir();
  const platform = opts.platform ?? process.platform;
  const exists = opts.exists ?? existsSync;
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');

  if (env.DOCKER_HOST) return [endpointFromDockerHost(env.DOCKER_HOST, env, configDir)];

  const found: EngineEndpoint[] = [];
  const add = (e: EngineEndpoint | undefined) => {
    if (e && !found.some((f) => f.where === e.where)) found.push(e);
  };
  add(currentContextEndpoint(env, configDir));

  if (platform === 'win32') {
    add(pipeEndpoint(WINDOWS_DEFAULT_PIPE, 'default socket'));
    if (exists('//./pipe/dockerDesktopLinuxEngine')) add(pipeEndpoint('//./pipe/dockerDesktopLinuxEngine', 'Docker Desktop'));
    if (exists('//./pipe/podman-machine-default')) add(pipeEndpoint('//./pipe/podman-machine-default', 'Podman'));
    return found;
  }

  add(unixEndpoint('/var/run/docker.sock', 'default socket'));
  const optional: [string, string][] = [
    [posix.join(home, '.docker', 'run', 'docker.sock'), 'Docker Desktop'],
    [posix.join(home, '.docker', 'desktop', 'docker.sock'), 'Docker Desktop'],
  ];
  if (env.XDG_RUNTIME_DIR) optional.push([posix.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), 'Podman']);
  const uid = opts.uid ?? process.getuid?.();
  if (uid !== undefined) optional.push([`/run/user/${uid}/podman/podman.sock`, 'Podman']);
  optional.push(['/run/podman/podman.sock', 'Podman']);
  for (const [path, source] of optional) if (exists(path)) add(unixEndpoint(path, source));
  return found;
}

/** Parses a DOCKER_HOST-style address: unix://, npipe://, tcp:// (TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), http(s)://, host:port. */
export function endpointFromDockerHost(host: string, env: NodeJS.ProcessEnv, configDir: string, source = 'DOCKER_HOST'): EngineEndpoint {
  if (host.startsWith('unix://')) return unixEndpoint(host.slice('unix://'.length) || '/var/run/docker.sock', source);
  if (host.startsWith('npipe://')) return pipeEndpoint(host.slice('npipe://'.length) || WINDOWS_DEFAULT_PIPE, source);
  if (/^(ssh|fd):\/\//.test(host)) {
    return { where: host, source, unsupported: `${host.split(':')[0]}:// endpoints are not supported; use unix:// or tcp://` };
  }
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`);
  } catch {
    return { where: host, source, unsupported: `${source}="${host}" is not an address like tcp://localhost:2375` };
  }
  const tlsVerify = !!env.DOCKER_TLS_VERIFY;
  const useTls = tlsVerify || !!env.DOCKER_TLS || url.protocol === 'https:' || url.port === '2376';
  const port = url.port ? Number(url.port) : useTls ? 2376 : 2375;
  const endpoint: EngineEndpoint = {
    where: `tcp://${url.hostname}:${port}`,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    protocol: useTls ? 'https' : 'http',
    source,
  };
  if (useTls) {
    const certDir = env.DOCKER_CERT_PATH || configDir;
    endpoint.tls = { verify: tlsVerify, caFile: join(certDir, 'ca.pem'), certFile: join(certDir, 'cert.pem'), keyFile: join(certDir, 'key.pem') };
  }
  return endpoint;
}

/** The endpoint of the current docker context, read from contexts/meta/<sha256(name)>/meta.json. */
export function currentContextEndpoint(env: NodeJS.ProcessEnv, configDir: string): EngineEndpoint | undefined {
  const name = env.DOCKER_CONTEXT || readJson(join(configDir, 'config.json'))?.currentContext;
  if (typeof name !== 'string' || !name || name === 'default') return undefined;
  const id = contextDirName(name);
  const meta = readJson(join(configDir, 'contexts', 'meta', id, 'meta.json'));
  const docker = meta?.Endpoints?.docker;
  if (typeof docker?.Host !== 'string' || !docker.Host) return undefined;
  const endpoint = endpointFromDockerHost(docker.Host, {}, configDir, `docker context ${name}`);
  if (endpoint.protocol === 'http' || endpoint.protocol === 'https') {
    // A context keeps its own TLS material; when present the endpoint speaks TLS.
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    if (existsSync(join(tlsDir, 'ca.pem')) || existsSync(join(tlsDir, 'cert.pem'))) {
      endpoint.protocol = 'https';
      endpoint.tls = {
        verify: !docker.SkipTLSVerify,
        caFile: ifExists(join(tlsDir, 'ca.pem')),
        certFile: ifExists(join(tlsDir, 'cert.pem')),
        keyFile: ifExists(join(tlsDir, 'key.pem')),
      };
    }
  }
  return endpoint;
}

/** Docker stores a context under the hex sha256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function unixEndpoint(socketPath: string, source: string): EngineEndpoint {
  return { where: `unix://${socketPath}`, socketPath, source };
}

function pipeEndpoint(pipe: string, source: string): EngineEndpoint {
  return { where: `npipe://${pipe}`, socketPath: pipe, source };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readJson(path: string): any {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function ifExists(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}
