// Docker access behind one interface. Every call is bounded by a timeout and cancellable.
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import { runHealthcheck } from './healthProbe';
import { LineSplitter, splitLines } from './lines';
import { withTimeout } from './timeout';
import { CallOptions, EngineEndpoint, EngineUnreachableError, ProjectResources, ServiceStatus } from './types';

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
const ONEOFF_LABEL = 'com.docker.compose.oneoff';

export type ContainerInspect = Docker.ContainerInspectInfo;
export interface DockerVersionInfo {
  Version: string;
  ApiVersion: string;
  Os?: string;
  Arch?: string;
}
export interface FollowOptions extends CallOptions {
  tail?: number;
}
export interface ContainerNetwork {
  network: string;
  aliases: string[];
}

export interface DockerClient {
  readonly endpoint: EngineEndpoint;
  ping(opts?: CallOptions): Promise<void>;
  version(opts?: CallOptions): Promise<DockerVersionInfo>;
  /** Status of each service container of a Compose project (one-off `run` containers excluded), sorted by service. */
  projectContainers(project: string, opts?: CallOptions): Promise<ServiceStatus[]>;
  /** The last `lines` lines of stdout and stderr, in order. */
  logTail(containerId: string, lines: number, opts?: CallOptions): Promise<string[]>;
  /**
   * Streams log lines until the container stops or the signal fires (then it resolves).
   * The third argument is the AbortSignal itself or options; `timeoutMs` bounds only the attach; `tail` default 0.
   */
  followLogs(containerId: string, onLine: (line: string) => void, opts?: AbortSignal | FollowOptions): Promise<void>;
  projectResources(project: string, opts?: CallOptions): Promise<ProjectResources>;
  /** Force-removes every container, network and volume of the project. Returns what was removed. */
  removeProjectResources(project: string, opts?: CallOptions): Promise<ProjectResources>;
  kill(containerId: string, opts?: CallOptions & { killSignal?: string }): Promise<void>;
  stop(containerId: string, opts?: CallOptions & { graceSeconds?: number }): Promise<void>;
  start(containerId: string, opts?: CallOptions): Promise<void>;
  pause(containerId: string, opts?: CallOptions): Promise<void>;
  unpause(containerId: string, opts?: CallOptions): Promise<void>;
  restart(containerId: string, opts?: CallOptions & { graceSeconds?: number }): Promise<void>;
  inspect(containerId: string, opts?: CallOptions): Promise<ContainerInspect>;
  /** Runs the container's healthcheck once (runtime/healthProbe.ts): passed or not; undefined without one. */
  runHealthcheck(containerId: string, opts?: CallOptions): Promise<boolean | undefined>;
  /** Networks a container is attached to, with its DNS aliases there (what networkConnect needs to restore). */
  containerNetworks(containerId: string, opts?: CallOptions): Promise<ContainerNetwork[]>;
  networkDisconnect(network: string, containerId: string, opts?: CallOptions & { force?: boolean }): Promise<void>;
  networkConnect(network: string, containerId: string, aliases?: string[], opts?: CallOptions): Promise<void>;
  /** Id of a local image (name:tag or id); undefined when there is no such image. */
  imageId(ref: string, opts?: CallOptions): Promise<string | undefined>;
  /** Labels of a local image; undefined when there is no such image. */
  imageLabels(ref: string, opts?: CallOptions): Promise<Record<string, string> | undefined>;
  /** Builds `files` of `contextDir` (its Dockerfile among them) into an image; each output line goes to onLine. */
  buildImage(contextDir: string, files: string[], spec: ImageBuildSpec, onLine: (line: string) => void, opts?: CallOptions): Promise<void>;
}

export interface ImageBuildSpec {
  tag: string;
  labels: Record<string, string>;
  buildArgs: Record<string, string>;
  /** e.g. "host"; default: the engine's default build network. */
  networkMode?: string;
}

/** Error codes that mean "no engine there" rather than "the engine said no". */
const UNREACHABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT']);

export function isUnreachable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/** dockerode options for an endpoint. Every key is set, so DOCKER_HOST in process.env cannot leak in. */
export function dockerodeOptions(endpoint: EngineEndpoint): Docker.DockerOptions {
  if (endpoint.unsupported) throw new Error(endpoint.unsupported);
  const tls = endpoint.tls;
  const read = (file: string | undefined) => (file ? readFileSync(file) : undefined);
  return {
    socketPath: endpoint.socketPath,
    host: endpoint.socketPath ? undefined : endpoint.host,
    port: endpoint.socketPath ? undefined : endpoint.port,
    protocol: endpoint.socketPath ? undefined : endpoint.protocol ?? 'http',
    ca: read(tls?.caFile),
    cert: read(tls?.certFile),
    key: read(tls?.keyFile),
    // No socket idle timeout: it would cut long log follows. Calls are bounded by withTimeout instead.
    timeout: undefined,
    ...(tls && !tls.verify ? { checkServerIdentity: () => undefined } : {}),
  } as Docker.DockerOptions;
}

export function createDockerClient(endpoint: EngineEndpoint, defaults: { timeoutMs?: number } = {}): DockerClient {
  const docker = new Docker(dockerodeOptions(endpoint));
  return new DockerodeClient(docker, endpoint, defaults.timeoutMs);
}

type Signal = { abortSignal?: AbortSignal };
// The typings omit the options argument that carries abortSignal on these calls.
type Untyped = {
  ping(o: Signal): Promise<unknown>;
  version(o: Signal): Promise<DockerVersionInfo>;
};

class DockerodeClient implements DockerClient {
  constructor(
    private readonly docker: Docker,
    readonly endpoint: EngineEndpoint,
    private readonly defaultTimeoutMs?: number,
  ) {}

  /** One Docker call: timeout, cancellation, and "engine gone" errors turned into EngineUnreachableError. */
  private call<T>(what: string, opts: CallOptions | undefined, fn: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const o = { ...opts, timeoutMs: opts?.timeoutMs ?? this.defaultTimeoutMs };
    return withTimeout(fn, o, what).catch((err: unknown) => {
      throw isUnreachable(err) ? new EngineUnreachableError(this.endpoint.where, err) : err;
    });
  }

  async ping(opts?: CallOptions) {
    await this.call('Docker ping', opts, (abortSignal) => (this.docker as unknown as Untyped).ping({ abortSignal }));
  }

  version(opts?: CallOptions) {
    return this.call('Docker version', opts, (abortSignal) => (this.docker as unknown as Untyped).version({ abortSignal }));
  }

  async projectContainers(project: string, opts?: CallOptions): Promise<ServiceStatus[]> {
    return this.call(`listing containers of ${project}`, opts, async (abortSignal) => {
      const list = await this.docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${project}`] }, abortSignal });
      const services = list.filter((c) => c.Labels[ONEOFF_LABEL] !== 'True');
      // The list has no structured health; inspect gives State.Health and the exit code.
      const inspected = await Promise.all(
        services.map((c) => this.docker.getContainer(c.Id).inspect({ abortSignal }).catch(() => undefined)),
      );
      return services
        .map((c, i) => toServiceStatus(c, inspected[i]))
        .sort((a, b) => a.service.localeCompare(b.service) || (a.name ?? '').localeCompare(b.name ?? ''));
    });
  }

  logTail(containerId: string, lines: number, opts?: CallOptions): Promise<string[]> {
    return this.call(`reading logs of ${short(containerId)}`, opts, async (abortSignal) => {
      const c = this.docker.getContainer(containerId);
      const info = await c.inspect({ abortSignal });
      const raw: unknown = await c.logs({ stdout: true, stderr: true, follow: false, tail: lines, abortSignal });
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '');
      return splitLines(info.Config.Tty ? buf.toString('utf8') : demuxBuffer(buf));
    });
  }

  async followLogs(containerId: string, onLine: (line: string) => void, arg: AbortSignal | FollowOptions = {}): Promise<void> {
    const opts: FollowOptions = arg instanceof AbortSignal ? { signal: arg } : arg;
    const { signal } = opts;
    const c = this.docker.getContainer(containerId);
    const stream = await this.call(`following logs of ${short(containerId)}`, { timeoutMs: opts.timeoutMs, signal }, async (abortSignal) => {
      const info = await c.inspect({ abortSignal });
      const s = (await c.logs({ stdout: true, stderr: true, follow: true, tail: opts.tail ?? 0, abortSignal })) as unknown as Readable;
      return { s, tty: info.Config.Tty };
    });
    await new Promise<void>((resolve, reject) => {
      const out = new LineSplitter(onLine);
      const sink = new PassThrough();
      sink.on('data', (chunk: Buffer) => out.push(chunk));
      if (stream.tty) stream.s.on('data', (chunk: Buffer) => out.push(chunk));
      else this.docker.modem.demuxStream(stream.s, sink, sink);
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        out.flush();
        resolve();
      };
      const onAbort = () => {
        stream.s.destroy();
        done();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.s.on('end', done);
      stream.s.on('close', done);
      stream.s.on('error', (err) => (signal?.aborted ? done() : reject(err)));
    });
  }

  projectResources(project: string, opts?: CallOptions): Promise<ProjectResources> {
    return this.call(`listing resources of ${project}`, opts, async (abortSignal) => {
      const filters = { label: [`${PROJECT_LABEL}=${project}`] };
      const [containers, networks, volumes] = await Promise.all([
        this.docker.listContainers({ all: true, filters, abortSignal }),
        this.docker.listNetworks({ filters, abortSignal } as Docker.NetworkListOptions),
        this.docker.listVolumes({ filters, abortSignal } as Docker.VolumeListOptions),
      ]);
      return {
        containers: containers.map((c) => c.Id),
        networks: networks.map((n) => n.Id),
        volumes: (volumes.Volumes ?? []).map((v) => v.Name),
      };
    });
  }

  async removeProjectResources(project: string, opts?: CallOptions): Promise<ProjectResources> {
    const found = await this.projectResources(project, opts);
    await this.call(`removing resources of ${project}`, opts, async (abortSignal) => {
      // Containers first: networks and volumes in use cannot be removed.
      await Promise.all(found.containers.map((id) => ignoreNotFound(this.docker.getContainer(id).remove({ force: true, v: true, abortSignal }))));
      await Promise.all(found.networks.map((id) => ignoreNotFound(this.docker.getNetwork(id).remove({ abortSignal }))));
      await Promise.all(found.volumes.map((name) => ignoreNotFound(this.docker.getVolume(name).remove({ abortSignal }))));
    });
    return found;
  }

  async kill(containerId: string, opts: CallOptions & { killSignal?: string } = {}) {
    await this.call(`killing ${short(containerId)}`, opts, (abortSignal) =>
      this.docker.getContainer(containerId).kill({ signal: opts.killSignal ?? 'SIGKILL', abortSignal }),
    );
  }

  async stop(containerId: string, opts: CallOptions & { graceSeconds?: number } = {}) {
    const t = opts.graceSeconds ?? 10;
    // The engine waits up to `t` seconds itself: give the call that long on top of the usual bound.
    const bounded = { ...opts, timeoutMs: opts.timeoutMs ?? (this.defaultTimeoutMs ?? 10_000) + t * 1000 };
    await this.call(`stopping ${short(containerId)}`, bounded, (abortSignal) =>
      ignoreNotModified(this.docker.getContainer(containerId).stop({ t, abortSignal })),
    );
  }

  async start(containerId: string, opts?: CallOptions) {
    await this.call(`starting ${short(containerId)}`, opts, (abortSignal) =>
      ignoreNotModified(this.docker.getContainer(containerId).start({ abortSignal })),
    );
  }

  async pause(containerId: string, opts?: CallOptions) {
    await this.call(`pausing ${short(containerId)}`, opts, (abortSignal) => this.docker.getContainer(containerId).pause({ abortSignal }));
  }

  async unpause(containerId: string, opts?: CallOptions) {
    await this.call(`unpausing ${short(containerId)}`, opts, (abortSignal) => this.docker.getContainer(containerId).unpause({ abortSignal }));
  }

  async restart(containerId: string, opts: CallOptions & { graceSeconds?: number } = {}) {
    const t = opts.graceSeconds ?? 10;
    const bounded = { ...opts, timeoutMs: opts.timeoutMs ?? (this.defaultTimeoutMs ?? 10_000) + t * 1000 };
    await this.call(`restarting ${short(containerId)}`, bounded, (abortSignal) => this.docker.getContainer(containerId).restart({ t, abortSignal }));
  }

  inspect(containerId: string, opts?: CallOptions) {
    return this.call(`inspecting ${short(containerId)}`, opts, (abortSignal) => this.docker.getContainer(containerId).inspect({ abortSignal }));
  }

  runHealthcheck(containerId: string, opts?: CallOptions) {
    return this.call(`running the healthcheck of ${short(containerId)}`, opts, (abortSignal) => runHealthcheck(this.docker, containerId, abortSignal));
  }

  async containerNetworks(containerId: string, opts?: CallOptions): Promise<ContainerNetwork[]> {
    const info = await this.inspect(containerId, opts);
    return Object.entries(info.NetworkSettings.Networks ?? {}).map(([network, n]) => ({
      network,
      // Docker lists the short container id as an alias too; it is re-added automatically.
      aliases: ((n.Aliases ?? []) as string[]).filter((a) => !info.Id.startsWith(a)),
    }));
  }

  async networkDisconnect(network: string, containerId: string, opts: CallOptions & { force?: boolean } = {}) {
    await this.call(`disconnecting ${short(containerId)} from ${network}`, opts, (abortSignal) =>
      this.docker.getNetwork(network).disconnect({ Container: containerId, Force: opts.force ?? true, abortSignal }),
    );
  }

  async networkConnect(network: string, containerId: string, aliases: string[] = [], opts?: CallOptions) {
    await this.call(`connecting ${short(containerId)} to ${network}`, opts, (abortSignal) =>
      this.docker.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases }, abortSignal } as Docker.NetworkConnectOptions),
    );
  }

  async imageId(ref: string, opts?: CallOptions): Promise<string | undefined> {
    return (await this.inspectImage(ref, opts))?.Id;
  }

  async imageLabels(ref: string, opts?: CallOptions): Promise<Record<string, string> | undefined> {
    const info = await this.inspectImage(ref, opts);
    return info ? { ...(info.Config?.Labels ?? {}) } : undefined;
  }

  private inspectImage(ref: string, opts?: CallOptions): Promise<Docker.ImageInspectInfo | undefined> {
    return this.call(`inspecting image ${ref}`, opts, async (abortSignal) => {
      try {
        return await (this.docker.getImage(ref) as unknown as { inspect(o: Signal): Promise<Docker.ImageInspectInfo> }).inspect({ abortSignal });
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
    });
  }

  async buildImage(contextDir: string, files: string[], spec: ImageBuildSpec, onLine: (line: string) => void, opts?: CallOptions): Promise<void> {
    await this.call(`building image ${spec.tag}`, opts, async (abortSignal) => {
      const stream = await this.docker.buildImage(
        { context: contextDir, src: files },
        { t: spec.tag, labels: spec.labels, buildargs: spec.buildArgs, networkmode: spec.networkMode, rm: true, forcerm: true, abortSignal } as Docker.ImageBuildOptions,
      );
      const lines = new LineSplitter((line) => { if (line.trim()) onLine(line); });
      // The engine reports a failed step inside the stream, not as an HTTP error.
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()), (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
          if (event.stream) lines.push(event.stream);
          if (event.error) reject(new Error(`building ${spec.tag} failed: ${event.errorDetail?.message ?? event.error}`));
        });
      });
      lines.flush();
    });
  }
}

export function toServiceStatus(c: Docker.ContainerInfo, info?: Docker.ContainerInspectInfo): ServiceStatus {
  const health = info?.State.Health?.Status ?? healthFromStatusText(c.Status);
  const seen = new Set<string>();
  const ports: ServiceStatus['ports'] = [];
  for (const p of c.Ports ?? []) {
    if (!p.PublicPort) continue;
    const key = `${p.PrivatePort}/${p.PublicPort}/${p.IP}`;
    if (seen.has(key)) continue; // IPv4 and IPv6 bindings of one port
    seen.add(key);
    ports.push({ container: p.PrivatePort, host: p.PublicPort, hostIp: p.IP ?? '' });
  }
  const state = info?.State.Status ?? c.State;
  return {
    service: c.Labels[SERVICE_LABEL] ?? (c.Names[0] ?? c.Id).replace(/^\//, ''),
    containerId: c.Id,
    state,
    health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none',
    ports: ports.sort((a, b) => a.container - b.container),
    name: (c.Names[0] ?? '').replace(/^\//, ''),
    ...(state === 'exited' ? { exitCode: info?.State.ExitCode ?? exitCodeFromStatusText(c.Status) } : {}),
  };
}

function healthFromStatusText(status: string): string {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  return m ? (m[1] === 'health: starting' ? 'starting' : m[1]) : 'none';
}

function exitCodeFromStatusText(status: string): number | undefined {
  const m = /Exited \((\d+)\)/.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** Splits Docker's multiplexed log format (8-byte frame headers) into text, keeping stdout/stderr order. */
export function demuxBuffer(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    if (type > 2 || buf[i + 1] !== 0 || buf[i + 2] !== 0 || buf[i + 3] !== 0) {
      return buf.toString('utf8'); // not multiplexed (tty)
    }
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts).toString('utf8');
}

function short(id: string) {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id;
}

async function ignoreNotFound(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

async function ignoreNotModified(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err;
  }
}
