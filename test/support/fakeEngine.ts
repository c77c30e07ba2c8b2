// A typed, in-memory Docker engine for unit tests: the whole DockerClient over a fake project of containers,
// images, networks and volumes. Every call is written to an ordered event log (shared with the fake Compose
// and the fake stack server, so a test reads one story); state changes behave (kill → exited, pause → paused,
// a disconnected container publishes no port); any method can be made to fail.
import type { ContainerInspect, ContainerNetwork, DockerClient, DockerVersionInfo, FollowOptions, ImageBuildSpec } from '../../src/core/runtime/dockerClient';
import { CallOptions, CancelledError, EngineEndpoint, ProjectResources, ServiceStatus } from '../../src/core/runtime/types';

export type EngineMethod = Exclude<keyof DockerClient, 'endpoint'>;

/** Methods that change nothing. Their events start with `? ` so `changes()` can leave them out. */
const READS: ReadonlySet<EngineMethod> = new Set<EngineMethod>(['ping', 'version', 'projectContainers', 'logTail', 'followLogs', 'projectResources', 'inspect', 'containerNetworks', 'imageId', 'imageLabels', 'runHealthcheck']);

export type Health = ServiceStatus['health'];

/** A service the fake Compose `up` creates a container for. */
export interface FakeServiceSpec {
  service: string;
  /** Container port → host port (e.g. the port of a fake HTTP server). */
  ports?: Record<number, number>;
  env?: string[];
  /** Health once running; default healthy. */
  health?: Health;
}

export interface FakeContainer {
  id: string;
  name: string;
  project: string;
  service: string;
  /** A `compose run` container: not one of the project's services. */
  oneoff: boolean;
  state: 'created' | 'running' | 'exited' | 'paused' | 'restarting' | 'dead';
  /** Health while running. */
  health: Health;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  env: string[];
  image: string;
  imageId: string;
  ports: { container: number; host: number }[];
  /** Network name → DNS aliases there. */
  networks: Map<string, string[]>;
  logs: string[];
  healthLog: { ExitCode: number; Output: string }[];
  /** What running its healthcheck now answers (runHealthcheck); default: passes when healthy. */
  probe?: boolean;
  /** Execs running in it now (inspect's ExecIDs), a healthcheck's say. */
  execIds?: string[];
}

export interface FakeEngineOptions {
  /** The Compose project of `services`, e.g. breakfix-<lab>. */
  project?: string;
  services?: FakeServiceSpec[];
  /** Shared ordered log; default a new one. */
  events?: string[];
  endpoint?: EngineEndpoint;
}

export const NOT_FOUND = 404;

/** An engine answer with an HTTP status, as dockerode rejects. */
export class FakeEngineError extends Error {
  constructor(message: string, readonly statusCode: number) {
    super(message);
    this.name = 'FakeEngineError';
  }
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(8, '0')}`;

export class FakeEngine implements DockerClient {
  endpoint: EngineEndpoint;
  readonly events: string[];
  readonly containers = new Map<string, FakeContainer>();
  /** Image ref → image id. */
  readonly images = new Map<string, string>();
  /** Image ref → its labels (images built through buildImage, or set by a test). */
  readonly imageLabelsByRef = new Map<string, Record<string, string>>();
  /** The arguments of each buildImage call: [contextDir, files, spec]. */
  readonly buildArgs: unknown[][] = [];
  readonly networks = new Map<string, { id: string; project: string }>();
  readonly volumes = new Map<string, { project: string }>();
  /** Calls per method, reads included. */
  readonly calls: Record<EngineMethod, number> = {
    ping: 0, version: 0, projectContainers: 0, logTail: 0, followLogs: 0, projectResources: 0, removeProjectResources: 0, kill: 0, stop: 0,
    start: 0, pause: 0, unpause: 0, restart: 0, inspect: 0, containerNetworks: 0, networkDisconnect: 0, networkConnect: 0, imageId: 0,
    imageLabels: 0, buildImage: 0, runHealthcheck: 0,
  };
  /** Runs before every call (after it is counted, before it fails or acts): script a sequence of states. */
  beforeCall?: (method: EngineMethod, args: unknown[]) => void;
  readonly project: string;
  readonly services: FakeServiceSpec[];
  private readonly failures: { method: EngineMethod; error: Error; times: number }[] = [];
  private readonly stopWaiters = new Map<string, (() => void)[]>();

  constructor(opts: FakeEngineOptions = {}) {
    this.project = opts.project ?? 'breakfix-fake';
    this.services = opts.services ?? [];
    this.events = opts.events ?? [];
    this.endpoint = opts.endpoint ?? { where: 'fake://engine', source: 'fake engine' };
  }

  /** The events that changed something (reads left out). */
  changes(): string[] {
    return this.events.filter((e) => !e.startsWith('? '));
  }

  /** The next `times` calls of `method` reject with `error` (after being logged). */
  failNext(method: EngineMethod, error: Error | string, times = 1): void {
    this.failures.push({ method, error: typeof error === 'string' ? new Error(error) : error, times });
  }

  // ---- Fixtures ----

  /** A container of a project (service container unless `oneoff`). */
  addContainer(c: Partial<FakeContainer> & { service: string }): FakeContainer {
    const now = new Date().toISOString();
    const id = c.id ?? nextId('c0ffee');
    const full: FakeContainer = {
      id,
      name: c.name ?? `${c.project ?? this.project}-${c.service}-1`,
      project: c.project ?? this.project,
      oneoff: false,
      state: 'running',
      health: 'healthy',
      exitCode: 0,
      startedAt: now,
      finishedAt: '0001-01-01T00:00:00Z',
      env: [],
      image: `${c.project ?? this.project}-${c.service}`,
      imageId: `sha256:${c.service}`,
      ports: [],
      networks: new Map([[`${c.project ?? this.project}_default`, [c.service]]]),
      logs: [],
      healthLog: [],
      ...c,
    };
    this.containers.set(id, full);
    for (const net of full.networks.keys()) if (!this.networks.has(net)) this.networks.set(net, { id: net, project: full.project });
    return full;
  }

  addNetwork(name: string, project = this.project, id = name): void {
    this.networks.set(name, { id, project });
  }

  /** Makes the project's service containers exactly these statuses (kept by containerId: logs and health log stay). */
  setStatuses(statuses: ServiceStatus[], project = this.project): void {
    const keep = new Set(statuses.map((s) => s.containerId));
    for (const c of [...this.containers.values()]) if (c.project === project && !c.oneoff && !keep.has(c.id)) this.containers.delete(c.id);
    for (const s of statuses) {
      const fields = {
        state: s.state as FakeContainer['state'],
        health: s.health,
        exitCode: s.exitCode ?? 0,
        ports: s.ports.map((p) => ({ container: p.container, host: p.host })),
      };
      const c = this.containers.get(s.containerId);
      if (c) Object.assign(c, fields);
      else this.addContainer({ id: s.containerId, service: s.service, project, ...(s.name ? { name: s.name } : {}), ...fields });
    }
  }

  /** The container of a service (the first one), or by id or name. */
  container(ref: string): FakeContainer {
    const c = this.containers.get(ref) ?? [...this.containers.values()].find((x) => x.name === ref || (!x.oneoff && x.service === ref));
    if (!c) throw new FakeEngineError(`No such container: ${ref}`, NOT_FOUND);
    return c;
  }

  // ---- What the fake Compose does to the engine (fakeCompose.ts forwards each invocation here) ----

  /**
   * Applies one Compose invocation: `up` creates the missing service containers and recreates those whose
   * image was rebuilt; `build` gives each named service a new image; `down` removes the project.
   */
  applyCompose(args: string[]): void {
    const { project, command, words } = parseComposeArgs(args);
    if (project !== this.project) {
      this.events.push(`compose ${command} (other project ${project})`);
      return;
    }
    this.events.push(`compose ${command}${words.length ? ' ' + words.join(' ') : ''}`);
    if (command === 'build') {
      for (const service of words) this.images.set(`${this.project}-${service}`, nextId('sha256:'));
    } else if (command === 'up') {
      this.addNetwork(`${this.project}_default`);
      for (const spec of this.services) {
        const image = `${this.project}-${spec.service}`;
        const imageId = this.images.get(image) ?? `sha256:${spec.service}`;
        const old = [...this.containers.values()].find((c) => c.project === this.project && !c.oneoff && c.service === spec.service);
        if (old && old.imageId === imageId && old.state !== 'dead') {
          if (old.state !== 'running' && old.state !== 'paused') this.setRunning(old);
          continue;
        }
        if (old) this.containers.delete(old.id);
        this.addContainer({
          service: spec.service,
          image,
          imageId,
          env: spec.env ?? [],
          health: spec.health ?? 'healthy',
          ports: Object.entries(spec.ports ?? {}).map(([container, host]) => ({ container: Number(container), host })),
        });
      }
    } else if (command === 'down') {
      for (const [id, c] of this.containers) if (c.project === this.project) this.containers.delete(id);
      for (const [name, n] of this.networks) if (n.project === this.project) this.networks.delete(name);
    }
  }

  // ---- DockerClient ----

  async ping(opts?: CallOptions): Promise<void> {
    this.enter('ping', [], opts, 'ping');
  }

  async version(opts?: CallOptions): Promise<DockerVersionInfo> {
    this.enter('version', [], opts, 'version');
    return { Version: '27.0.0-fake', ApiVersion: '1.46', Os: 'linux', Arch: 'amd64' };
  }

  async projectContainers(project: string, opts?: CallOptions): Promise<ServiceStatus[]> {
    this.enter('projectContainers', [project], opts, `projectContainers ${project}`);
    return [...this.containers.values()]
      .filter((c) => c.project === project && !c.oneoff)
      .map((c) => this.status(c))
      .sort((a, b) => a.service.localeCompare(b.service) || (a.name ?? '').localeCompare(b.name ?? ''));
  }

  async logTail(containerId: string, lines: number, opts?: CallOptions): Promise<string[]> {
    this.enter('logTail', [containerId, lines], opts, `logTail ${this.label(containerId)} ${lines}`);
    return this.container(containerId).logs.slice(-lines);
  }

  async followLogs(containerId: string, onLine: (line: string) => void, arg: AbortSignal | FollowOptions = {}): Promise<void> {
    const opts: FollowOptions = arg instanceof AbortSignal ? { signal: arg } : arg;
    this.enter('followLogs', [containerId], opts, `followLogs ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (opts.tail) for (const line of c.logs.slice(-opts.tail)) onLine(line);
    if (c.state !== 'running' && c.state !== 'paused') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        opts.signal?.removeEventListener('abort', done);
        resolve();
      };
      opts.signal?.addEventListener('abort', done, { once: true });
      this.stopWaiters.set(c.id, [...(this.stopWaiters.get(c.id) ?? []), done]);
    });
  }

  async projectResources(project: string, opts?: CallOptions): Promise<ProjectResources> {
    this.enter('projectResources', [project], opts, `projectResources ${project}`);
    return this.resources(project);
  }

  async removeProjectResources(project: string, opts?: CallOptions): Promise<ProjectResources> {
    this.enter('removeProjectResources', [project], opts, `removeProjectResources ${project}`);
    const found = this.resources(project);
    for (const [id, c] of this.containers) if (c.project === project) this.containers.delete(id);
    for (const [name, n] of this.networks) if (n.project === project) this.networks.delete(name);
    for (const [name, v] of this.volumes) if (v.project === project) this.volumes.delete(name);
    return found;
  }

  async kill(containerId: string, opts: CallOptions & { killSignal?: string } = {}): Promise<void> {
    this.enter('kill', [containerId], opts, `kill ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.state !== 'running' && c.state !== 'paused') throw new FakeEngineError(`Container ${c.id} is not running`, 409);
    this.setExited(c, opts.killSignal === undefined || opts.killSignal === 'SIGKILL' ? 137 : 143);
  }

  async stop(containerId: string, opts: CallOptions & { graceSeconds?: number } = {}): Promise<void> {
    this.enter('stop', [containerId], opts, `stop ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.state === 'running' || c.state === 'paused') this.setExited(c, 0);
  }

  async start(containerId: string, opts?: CallOptions): Promise<void> {
    this.enter('start', [containerId], opts, `start ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.state !== 'running') this.setRunning(c);
  }

  async pause(containerId: string, opts?: CallOptions): Promise<void> {
    this.enter('pause', [containerId], opts, `pause ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.state !== 'running') throw new FakeEngineError(`Container ${c.id} is not running`, 409);
    c.state = 'paused';
  }

  async unpause(containerId: string, opts?: CallOptions): Promise<void> {
    this.enter('unpause', [containerId], opts, `unpause ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.state !== 'paused') throw new FakeEngineError(`Container ${c.id} is not paused`, 409);
    c.state = 'running';
  }

  async restart(containerId: string, opts: CallOptions & { graceSeconds?: number } = {}): Promise<void> {
    this.enter('restart', [containerId], opts, `restart ${this.label(containerId)}`);
    this.setRunning(this.container(containerId));
  }

  async inspect(containerId: string, opts?: CallOptions): Promise<ContainerInspect> {
    this.enter('inspect', [containerId], opts, `inspect ${this.label(containerId)}`);
    return inspectInfo(this.container(containerId));
  }

  async runHealthcheck(containerId: string, opts?: CallOptions): Promise<boolean | undefined> {
    this.enter('runHealthcheck', [containerId], opts, `runHealthcheck ${this.label(containerId)}`);
    const c = this.container(containerId);
    if (c.health === 'none') return undefined;
    return c.state === 'running' && (c.probe ?? c.health === 'healthy');
  }

  async containerNetworks(containerId: string, opts?: CallOptions): Promise<ContainerNetwork[]> {
    this.enter('containerNetworks', [containerId], opts, `containerNetworks ${this.label(containerId)}`);
    return [...this.container(containerId).networks].map(([network, aliases]) => ({ network, aliases: [...aliases] }));
  }

  async networkDisconnect(network: string, containerId: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    this.enter('networkDisconnect', [network, containerId], opts, `disconnect ${this.label(containerId)} ${network}`);
    const c = this.container(containerId);
    if (!c.networks.delete(network)) throw new FakeEngineError(`container ${c.id} is not connected to network ${network}`, 409);
  }

  async networkConnect(network: string, containerId: string, aliases: string[] = [], opts?: CallOptions): Promise<void> {
    this.enter('networkConnect', [network, containerId, aliases], opts, `connect ${this.label(containerId)} ${network} ${aliases.join(',')}`.trimEnd());
    const c = this.container(containerId);
    if (!this.networks.has(network)) throw new FakeEngineError(`network ${network} not found`, NOT_FOUND);
    if (c.networks.has(network)) throw new FakeEngineError(`container ${c.id} is already connected to ${network}`, 403);
    c.networks.set(network, [...aliases]);
  }

  async imageId(ref: string, opts?: CallOptions): Promise<string | undefined> {
    this.enter('imageId', [ref], opts, `imageId ${ref}`);
    return this.images.get(ref);
  }

  async imageLabels(ref: string, opts?: CallOptions): Promise<Record<string, string> | undefined> {
    this.enter('imageLabels', [ref], opts, `imageLabels ${ref}`);
    return this.images.has(ref) ? { ...(this.imageLabelsByRef.get(ref) ?? {}) } : undefined;
  }

  /** Records the build and "builds" the image: a new id, the spec's labels. */
  async buildImage(contextDir: string, files: string[], spec: ImageBuildSpec, onLine: (line: string) => void, opts?: CallOptions): Promise<void> {
    this.enter('buildImage', [contextDir, files, spec], opts, `buildImage ${spec.tag}`);
    this.buildArgs.push([contextDir, files, spec]);
    onLine(`Successfully tagged ${spec.tag}`);
    this.images.set(spec.tag, nextId('sha256:'));
    this.imageLabelsByRef.set(spec.tag, { ...spec.labels });
  }

  // ---- Internals ----

  /** Counts and logs a call, then honours cancellation and injected failures. */
  private enter(method: EngineMethod, args: unknown[], opts: CallOptions | undefined, event: string): void {
    this.calls[method]++;
    this.events.push(READS.has(method) ? `? ${event}` : event);
    this.beforeCall?.(method, args);
    if (opts?.signal?.aborted) throw new CancelledError(`fake engine ${method}`);
    const f = this.failures.find((x) => x.method === method && x.times > 0);
    if (f) {
      f.times--;
      throw f.error;
    }
  }

  /** Service name for service containers, the container name for one-offs, else the id. */
  private label(ref: string): string {
    const c = this.containers.get(ref) ?? [...this.containers.values()].find((x) => x.name === ref);
    return c ? (c.oneoff ? c.name : c.service) : ref;
  }

  private status(c: FakeContainer): ServiceStatus {
    // A stopped container, or one cut off every network, publishes no port.
    const published = (c.state === 'running' || c.state === 'paused') && c.networks.size > 0;
    return {
      service: c.service,
      containerId: c.id,
      state: c.state,
      health: c.state === 'running' || c.state === 'paused' ? c.health : 'none',
      ports: published ? c.ports.map((p) => ({ container: p.container, host: p.host, hostIp: '127.0.0.1' })).sort((a, b) => a.container - b.container) : [],
      name: c.name,
      ...(c.state === 'exited' ? { exitCode: c.exitCode } : {}),
    };
  }

  private resources(project: string): ProjectResources {
    return {
      containers: [...this.containers.values()].filter((c) => c.project === project).map((c) => c.id),
      networks: [...this.networks.values()].filter((n) => n.project === project).map((n) => n.id),
      volumes: [...this.volumes].filter(([, v]) => v.project === project).map(([name]) => name),
    };
  }

  private setRunning(c: FakeContainer): void {
    c.state = 'running';
    c.exitCode = 0;
    c.startedAt = new Date().toISOString();
  }

  private setExited(c: FakeContainer, exitCode: number): void {
    c.state = 'exited';
    c.exitCode = exitCode;
    c.finishedAt = new Date().toISOString();
    for (const w of this.stopWaiters.get(c.id) ?? []) w();
    this.stopWaiters.delete(c.id);
  }
}

/** Global options of a Compose command line, its subcommand, and the words after it. */
export function parseComposeArgs(args: string[]): { project?: string; command: string; words: string[]; options: Map<string, string> } {
  const withValue = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file', '--name', '-e', '--env']);
  const options = new Map<string, string>();
  let command = '';
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (withValue.has(a)) {
      options.set(a, args[++i]);
      continue;
    }
    if (a.startsWith('-')) continue;
    if (!command) command = a;
    else words.push(a);
  }
  return { project: options.get('-p') ?? options.get('--project-name'), command, words, options };
}

/** `docker inspect` of a fake container, every field of the type filled. */
export function inspectInfo(c: FakeContainer): ContainerInspect {
  const running = c.state === 'running' || c.state === 'paused';
  return {
    Id: c.id,
    Created: c.startedAt,
    Path: 'node',
    Args: ['index.js'],
    State: {
      Status: c.state,
      Running: running,
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: false,
      Dead: c.state === 'dead',
      Pid: running ? 4242 : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: c.startedAt,
      FinishedAt: c.finishedAt,
      ...(c.health !== 'none' || c.healthLog.length
        ? { Health: { Status: c.health, FailingStreak: c.health === 'unhealthy' ? 3 : 0, Log: c.healthLog.map((h) => ({ Start: c.startedAt, End: c.startedAt, ...h })) } }
        : {}),
    },
    Image: c.imageId,
    ...(c.execIds?.length ? { ExecIDs: [...c.execIds] } : {}),
    ResolvConfPath: '',
    HostnamePath: '',
    HostsPath: '',
    LogPath: '',
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    HostConfig: {},
    GraphDriver: { Name: 'overlay2', Data: { DeviceId: '', DeviceName: '', DeviceSize: '' } },
    Mounts: [],
    Config: {
      Hostname: c.id.slice(0, 12),
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      ExposedPorts: Object.fromEntries(c.ports.map((p) => [`${p.container}/tcp`, {}])),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: [...c.env],
      Cmd: ['node', 'index.js'],
      Image: c.image,
      Volumes: {},
      WorkingDir: '/app',
      Labels: {
        'com.docker.compose.project': c.project,
        'com.docker.compose.service': c.service,
        'com.docker.compose.oneoff': c.oneoff ? 'True' : 'False',
      },
    },
    NetworkSettings: {
      SandboxID: '',
      SandboxKey: '',
      Ports: Object.fromEntries(c.ports.map((p) => [`${p.container}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(p.host) }]])),
      Networks: Object.fromEntries(
        [...c.networks].map(([name, aliases]) => [
          name,
          { Aliases: aliases, NetworkID: name, EndpointID: '', Gateway: '', IPAddress: '', IPPrefixLen: 16, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '' },
        ]),
      ),
    },
  };
}
