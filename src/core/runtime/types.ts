// Contracts of the runtime: how the CLI and the extension reach Docker and Compose.

/** Where the Docker engine was looked for or found. `where` is human-readable ("unix:///var/run/docker.sock"). */
export interface EngineEndpoint {
  where: string;
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** How it was found: "DOCKER_HOST", "docker context <name>", "default socket", "Docker Desktop", "Podman". */
  source: string;
}

/** Every long call takes these. `timeoutMs` bounds the call; `signal` cancels it. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type Logger = (line: string) => void;

export interface ServiceStatus {
  service: string;
  containerId: string;
  /** Docker state: running, exited, paused, restarting, created, dead. */
  state: string;
  /** healthy, unhealthy, starting, or none when the service has no healthcheck. */
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  /** Published ports: container port -> host port on 127.0.0.1. */
  ports: { container: number; host: number; hostIp: string }[];
}

export interface ComposeCli {
  kind: 'v2' | 'v1';
  /** argv prefix: ["docker", "compose"] or ["docker-compose"]. */
  argv: string[];
  version: string;
  /** Why this one was chosen: "detected", "BREAKFIX_COMPOSE", "setting". */
  chosenBy: string;
}

/** Raised when the engine cannot be reached. Its message is the one the user sees. */
export class EngineUnreachableError extends Error {
  constructor(readonly where: string, override readonly cause?: unknown) {
    super(`Docker engine not reachable at ${where}: start Docker Desktop or set DOCKER_HOST`);
    this.name = 'EngineUnreachableError';
  }
}

/** Raised when an operation ran past its timeout. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

/** Raised when a Compose stack does not become healthy. Carries the failing service's last log lines. */
export class StackUnhealthyError extends Error {
  constructor(readonly service: string, readonly reason: string, readonly logTail: string[]) {
    super(`service "${service}" ${reason}.\nLast log lines of ${service}:\n${logTail.map((l) => '  ' + l).join('\n')}`);
    this.name = 'StackUnhealthyError';
  }
}

// ---- Additions of the runtime layer (the contracts above are unchanged). ----

/** TLS material of a tcp endpoint: file paths, read when connecting. */
export interface EndpointTls {
  verify: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

// EngineEndpoint gains optional fields by declaration merging, so existing literals stay valid.
export interface EngineEndpoint {
  tls?: EndpointTls;
  /** Set when the endpoint is known but cannot be used (for example ssh://). */
  unsupported?: string;
}

export interface ServiceStatus {
  /** Container name, e.g. breakfix-lab_redis_1. */
  name?: string;
  /** Exit code when the state is exited. */
  exitCode?: number;
}

/** Ids of everything a Compose project created, found by the label com.docker.compose.project. */
export interface ProjectResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** Raised when the caller's AbortSignal fired. */
export class CancelledError extends Error {
  constructor(what: string) {
    super(`${what} cancelled`);
    this.name = 'CancelledError';
  }
}

/** Raised when a Compose command exits non-zero. `output` holds its last lines. */
export class ComposeError extends Error {
  constructor(readonly command: string, readonly exitCode: number | null, readonly output: string[]) {
    super(`${command} failed (exit ${exitCode ?? 'signal'})${output.length ? ':\n' + output.map((l) => '  ' + l).join('\n') : ''}`);
    this.name = 'ComposeError';
  }
}

/** Raised when no Compose CLI can be found or the configured one does not run. */
export class ComposeNotFoundError extends Error {
  constructor(detail?: string) {
    super(
      'Docker Compose not found: install Docker Compose v2 (docker compose) or set BREAKFIX_COMPOSE' +
        (detail ? ` (${detail})` : ''),
    );
    this.name = 'ComposeNotFoundError';
  }
}
