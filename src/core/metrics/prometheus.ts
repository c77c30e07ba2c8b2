// A small Prometheus HTTP API client: instant queries, range queries, readiness. Uses global fetch.
import type { LabEntry } from '../labs/types';
import type { ServiceStatus } from '../runtime/types';
import { networkReason } from '../runtime/http';
import { hostUrl } from '../runtime/targets';

export const PROMETHEUS_SERVICE = 'prometheus';
export const PROMETHEUS_PORT = 9090;
export const QUERY_TIMEOUT_MS = 10_000;

export interface QueryOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** One series of an instant query: its labels and value (NaN/±Inf kept as numbers). */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range query: [unix seconds, value] pairs. */
export interface RangeSeries {
  labels: Record<string, string>;
  values: [number, number][];
}

/** A query that Prometheus rejected or that could not be sent. Names the query. */
export class PrometheusError extends Error {
  constructor(readonly query: string, detail: string) {
    super(`Prometheus query "${query}" failed: ${detail}`);
    this.name = 'PrometheusError';
  }
}

/** One of Prometheus' active scrape targets (GET /api/v1/targets): its job, its health, its last scrape. */
export interface ScrapeTarget {
  job: string;
  instance: string;
  health: 'up' | 'down' | 'unknown';
  /** When it was last scraped, unix ms (0: never). */
  lastScrapeMs: number;
  lastError: string;
}

type ApiAnswer = {
  status: 'success' | 'error';
  error?: string;
  errorType?: string;
  data?: { resultType: 'vector' | 'matrix' | 'scalar' | 'string'; result: unknown; activeTargets?: RawTarget[] };
};

type RawTarget = { scrapePool?: string; labels?: Record<string, string>; health?: string; lastScrape?: string; lastError?: string };

export class PrometheusClient {
  constructor(readonly baseUrl: string, private readonly defaultTimeoutMs = QUERY_TIMEOUT_MS) {}

  /** True when /-/ready answers 200. Never throws (except when cancelled). */
  async ready(opts: QueryOptions = {}): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/-/ready`, { signal: this.signal(opts) });
      return res.ok;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      return false;
    }
  }

  /** Instant query at `time` (Date or unix seconds; default now). A scalar becomes one sample without labels. */
  async query(expr: string, time?: Date | number, opts: QueryOptions = {}): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set('time', formatTime(time));
    const data = await this.call(expr, 'query', params, opts);
    if (data.resultType === 'scalar') {
      const [, v] = data.result as [number, string];
      return [{ labels: {}, value: Number(v) }];
    }
    if (data.resultType !== 'vector') throw new PrometheusError(expr, `expected an instant vector, got a ${data.resultType}`);
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  /** Range query from start to end every `stepSeconds`. */
  async queryRange(expr: string, start: Date | number, end: Date | number, stepSeconds: number, opts: QueryOptions = {}): Promise<RangeSeries[]> {
    const params = new URLSearchParams({ query: expr, start: formatTime(start), end: formatTime(end), step: String(stepSeconds) });
    const data = await this.call(expr, 'query_range', params, opts);
    if (data.resultType !== 'matrix') throw new PrometheusError(expr, `expected a range vector, got a ${data.resultType}`);
    return (data.result as { metric: Record<string, string>; values: [number, string][] }[]).map((r) => ({
      labels: r.metric,
      values: r.values.map(([t, v]) => [t, Number(v)] as [number, number]),
    }));
  }

  /** The active scrape targets and when each was last scraped. */
  async targets(opts: QueryOptions = {}): Promise<ScrapeTarget[]> {
    const data = await this.call('(scrape targets)', 'targets', new URLSearchParams({ state: 'active' }), opts, 'GET');
    return (data.activeTargets ?? []).map((t) => {
      const at = Date.parse(t.lastScrape ?? '');
      return {
        job: t.labels?.job ?? t.scrapePool ?? '',
        instance: t.labels?.instance ?? '',
        health: t.health === 'up' || t.health === 'down' ? t.health : 'unknown',
        // A target never scraped says 0001-01-01T00:00:00Z.
        lastScrapeMs: Number.isFinite(at) && at > 0 ? at : 0,
        lastError: t.lastError ?? '',
      };
    });
  }

  private async call(expr: string, endpoint: string, params: URLSearchParams, opts: QueryOptions, method: 'GET' | 'POST' = 'POST') {
    let res: Response;
    try {
      res = await fetch(
        method === 'GET' ? `${this.baseUrl}/api/v1/${endpoint}?${params}` : `${this.baseUrl}/api/v1/${endpoint}`,
        method === 'GET'
          ? { signal: this.signal(opts) }
          : { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString(), signal: this.signal(opts) },
      );
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${Math.round((opts.timeoutMs ?? this.defaultTimeoutMs) / 1000)} s` : networkReason(err);
      throw new PrometheusError(expr, `${why} (${this.baseUrl}); is the lab's prometheus service running? Try \`breakfix status\`.`);
    }
    let body: ApiAnswer;
    try {
      body = (await res.json()) as ApiAnswer;
    } catch {
      throw new PrometheusError(expr, `HTTP ${res.status} with a body that is not JSON (${this.baseUrl})`);
    }
    if (body.status !== 'success' || !body.data) throw new PrometheusError(expr, `${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? 'no data'}`);
    return body.data;
  }

  private signal(opts: QueryOptions): AbortSignal {
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.defaultTimeoutMs);
    return opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  }
}

/** Unix seconds with millisecond precision, as the API takes them. */
export function formatTime(t: Date | number): string {
  const seconds = t instanceof Date ? t.getTime() / 1000 : t;
  return seconds.toFixed(3);
}

/** The client of a lab's running `prometheus` service (container port 9090 → its 127.0.0.1 host port). */
export function prometheusFor(entry: LabEntry, statuses: ServiceStatus[], timeoutMs?: number): PrometheusClient {
  return new PrometheusClient(hostUrl(entry, statuses, PROMETHEUS_SERVICE, PROMETHEUS_PORT), timeoutMs);
}
