// A fake lab stack behind one HTTP server on 127.0.0.1:0: what a lab's services answer to the checker.
//   provider-style faults   GET/POST/DELETE /admin/faults (POST merges the JSON body into the state)
//   stats                   GET /admin/stats
//   reset                   POST /admin/reset (clears the stats)
//   Prometheus HTTP API     /api/v1/query (a vector of one sample), /api/v1/query_range (a matrix of one
//                           series), /api/v1/targets (one target, scraped `scrapedAgoMs` ago), /-/ready
//   load control API        POST /runs, GET /runs/<id>|latest, DELETE /runs/<id> (checker-contract.md,
//                           Scenario 2): a run is done `loadMs` after it starts (event `load run <id> done`)
// Publish every container port of the fake engine's services on `port`. Each request is written to the
// shared event log: `http POST /admin/faults {"errorRate":0.5}`, `prom query <expr>`, `prom query_range <expr>`.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStackOptions {
  events?: string[];
  /** The fault state at start and after DELETE /admin/faults. */
  faults?: Record<string, unknown>;
  /** The answer of GET /admin/stats. */
  stats?: Record<string, unknown>;
  /** The value of an instant query (default 1). */
  value?: (query: string) => number;
  /** How long a load run takes (default 1000 ms). */
  loadMs?: number;
}

/** A scrape target as GET /api/v1/targets shows it. */
export interface FakeTarget {
  job: string;
  /** Unix ms of its last scrape (0: never). */
  lastScrape: () => number;
  health?: 'up' | 'down' | 'unknown';
}

interface FakeLoadRun {
  id: string;
  state: 'running' | 'done' | 'stopped';
  requests: number;
  rate: number;
  startedAt: string;
  timer?: NodeJS.Timeout;
}

export class FakeStack {
  readonly events: string[];
  faults: Record<string, unknown>;
  stats: Record<string, unknown>;
  /** When set, POST /admin/faults is accepted but changes nothing (a fault whose verify never holds). */
  ignoreFaultPosts = false;
  private readonly initialFaults: Record<string, unknown>;
  private readonly initialStats: Record<string, unknown>;
  private server?: Server;
  private runs: FakeLoadRun[] = [];
  /** How long a load run takes. */
  loadMs: number;
  /** Prometheus' active targets (default: one, `fake`, scraped just now). */
  targets: FakeTarget[] = [{ job: 'fake', lastScrape: () => Date.now() }];
  port = 0;

  constructor(private readonly opts: FakeStackOptions = {}) {
    this.events = opts.events ?? [];
    this.initialFaults = { ...(opts.faults ?? {}) };
    this.initialStats = { ...(opts.stats ?? {}) };
    this.faults = { ...this.initialFaults };
    this.stats = { ...this.initialStats };
    this.loadMs = opts.loadMs ?? 1000;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => this.handle(req, body, res));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    for (const r of this.runs) clearTimeout(r.timer);
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private handle(req: IncomingMessage, body: string, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/api/v1/')) {
      const params = new URLSearchParams(method === 'POST' ? body : url.search);
      const query = params.get('query') ?? '';
      const endpoint = url.pathname.slice('/api/v1/'.length);
      this.events.push(`prom ${endpoint} ${query}`);
      const value = this.opts.value?.(query) ?? 1;
      if (endpoint === 'query') {
        const t = Number(params.get('time') ?? Date.now() / 1000);
        return json(200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [t, String(value)] }] } });
      }
      if (endpoint === 'targets') {
        const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '0001-01-01T00:00:00Z');
        const activeTargets = this.targets.map((t) => ({ scrapePool: t.job, labels: { job: t.job, instance: `${t.job}:80` }, health: t.health ?? 'up', lastScrape: iso(t.lastScrape()), lastError: '' }));
        return json(200, { status: 'success', data: { activeTargets, droppedTargets: [] } });
      }
      if (endpoint === 'query_range') {
        const t = Number(params.get('start') ?? Date.now() / 1000);
        return json(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[t, String(value)]] }] } });
      }
      return json(404, { status: 'error', errorType: 'not_found', error: `no endpoint ${endpoint}` });
    }
    this.events.push(`http ${method} ${url.pathname}${body ? ' ' + body : ''}`);
    if (url.pathname === '/-/ready') return json(200, 'ready');
    if (url.pathname === '/admin/faults') {
      if (method === 'POST' && !this.ignoreFaultPosts) this.faults = { ...this.faults, ...(JSON.parse(body || '{}') as Record<string, unknown>) };
      if (method === 'DELETE') this.faults = { ...this.initialFaults };
      return json(200, this.faults);
    }
    if (url.pathname === '/admin/stats') return json(200, this.stats);
    if (url.pathname === '/runs' || url.pathname.startsWith('/runs/')) return this.load(method, url.pathname, body, json);
    if (url.pathname === '/admin/reset' && method === 'POST') {
      this.stats = { ...this.initialStats };
      return json(200, { ok: true });
    }
    return json(404, { error: `no route ${method} ${url.pathname}` });
  }

  /** The load service's control API. */
  private load(method: string, path: string, body: string, json: (status: number, value: unknown) => void) {
    const view = (r: FakeLoadRun) => {
      const { timer: _t, ...rest } = r;
      const summary = r.state === 'running' ? null : { sent: r.requests, accepted: r.requests, rejected: 0, errors: 0, durationSeconds: 0.1, achievedRate: r.rate, latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 } };
      return { ...rest, finishedAt: null, sent: r.requests, summary, error: null };
    };
    const latest = this.runs.at(-1);
    if (method === 'POST' && path === '/runs') {
      if (latest?.state === 'running') return json(409, { error: `run ${latest.id} is still going`, run: view(latest) });
      const { requests, rate } = JSON.parse(body || '{}') as { requests: number; rate: number };
      const run: FakeLoadRun = { id: String(this.runs.length + 1), state: 'running', requests, rate, startedAt: new Date().toISOString() };
      run.timer = setTimeout(() => {
        run.state = 'done';
        this.events.push(`load run ${run.id} done`);
      }, this.loadMs);
      this.runs.push(run);
      return json(202, view(run));
    }
    const id = path.slice('/runs/'.length);
    const run = id === 'latest' ? latest : this.runs.find((r) => r.id === id);
    if (!run) return json(404, { error: `no run ${id}` });
    if (method === 'DELETE' && run.state === 'running') {
      clearTimeout(run.timer);
      run.state = 'stopped';
    }
    return json(200, view(run));
  }

  /** The state of every load run so far, oldest first. */
  loadRuns(): string[] {
    return this.runs.map((r) => r.state);
  }
}
