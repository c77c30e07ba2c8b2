// One dashboard's host-side logic, free of vscode so tests drive it with a fake backend and clock:
// polls stack status, Prometheus (query_range, new points only) and fault states every 2 s while the
// webview is attached, keeps a buffer to replay after the webview was hidden or reloaded, runs fault
// actions, and relays checker progress and results.
import { dashboardPanels } from '../../../core/cost/model';
import type { ServiceStatus } from '../../../core/runtime/types';
import { missingServices } from '../../stackHealth';
import { BAND_RETENTION_MS, FaultTimeline } from './faultTimeline';
import type { DashboardInit, HostMessage, ServiceView, WebviewMessage, WindowMinutes } from './protocol';
import { PanelBuffer } from './seriesBuffer';
import type { SessionDeps } from './sessionDeps';
import { nextRange, windowStartMs } from './timeWindow';

export const POLL_INTERVAL_MS = 2_000;
/** A poll round that takes longer is aborted; its panels report the error. */
export const TICK_TIMEOUT_MS = 10_000;

type CheckMessage = Extract<HostMessage, { type: 'checkProgress' | 'checkResults' }>;
type StackMessage = Extract<HostMessage, { type: 'stack' }>;
type PanelStatus = 'unknown' | 'ok' | 'error' | 'down';
export type { SessionDeps, SessionLog } from './sessionDeps';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class DashboardSession {
  private window: WindowMinutes;
  private readonly buffers = new Map<string, PanelBuffer>();
  private readonly status = new Map<string, { status: PanelStatus; error?: string }>();
  private readonly timeline: FaultTimeline;
  private attached = false;
  private disposed = false;
  private timer?: ReturnType<typeof setInterval>;
  private busy?: Promise<void>;
  private again = false;
  /** Bumped by a window change: answers to older queries are dropped. */
  private generation = 0;
  private stack?: StackMessage;
  private down?: Extract<HostMessage, { type: 'prometheusDown' }>;
  private check?: CheckMessage;
  private lastFaultPollError?: string;
  private starting = false;
  /** Counts check messages, to tell whether a Run Check reported anything. */
  private checkSeq = 0;
  private readonly life = new AbortController();

  constructor(private readonly deps: SessionDeps) {
    this.window = deps.window ?? 5;
    for (const p of dashboardPanels(deps.entry.lab)) {
      this.buffers.set(p.id, new PanelBuffer());
      this.status.set(p.id, { status: 'unknown' });
    }
    this.timeline = new FaultTimeline(deps.entry.lab.faults, deps.bands?.load() ?? []);
  }

  get labId(): string {
    return this.deps.entry.lab.id;
  }

  get currentWindow(): WindowMinutes {
    return this.window;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private post(msg: HostMessage): void {
    if (this.attached && !this.disposed) this.deps.post(msg);
  }

  init(): DashboardInit {
    const { lab } = this.deps.entry;
    return {
      lab: { id: lab.id, title: lab.title, summary: lab.summary },
      panels: dashboardPanels(lab).map((p) => ({ id: p.id, title: p.title, unit: p.unit })),
      faults: lab.faults.map((f) => ({ id: f.id, title: f.title, kind: f.kind, ...(f.description ? { description: f.description } : {}) })),
      checks: lab.checks.map((c) => ({ id: c.id, title: c.title })),
      window: this.window,
      trusted: this.deps.trusted(),
    };
  }

  /** A validated webview message. */
  async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.attach();
      case 'setWindow':
        return this.setWindow(msg.minutes);
      case 'injectFault':
        return this.inject(msg.faultId);
      case 'revertFault':
        return this.revert(msg.faultId);
      case 'startStack':
        return this.startStack();
      case 'runCheck':
        return this.runCheck(msg.mode);
      case 'openReport':
        return this.openReport(msg.path);
    }
  }

  /** The webview (re)loaded and sent `ready`: replay everything held, then poll. */
  async attach(): Promise<void> {
    this.attached = true;
    this.post({ type: 'init', ...this.init() });
    if (this.stack) this.post(this.stack);
    this.post({ type: 'faults', states: this.timeline.states() });
    this.post({ type: 'faultBands', bands: this.timeline.bands() });
    if (this.down) this.post(this.down);
    for (const [panelId, buf] of this.buffers) {
      const st = this.status.get(panelId)!;
      if (st.status === 'error' && st.error) this.post({ type: 'panelError', panelId, message: st.error });
      else if (st.status === 'ok' && buf.cursor !== undefined) {
        this.post({ type: 'points', panelId, series: buf.snapshot(), end: buf.cursor * 1000, replace: true });
      }
    }
    if (this.check) this.post(this.check);
    this.start();
    await this.tick();
  }

  /** The webview went away (hidden or disposed): stop polling; the buffer stays for the next attach. */
  detach(): void {
    this.attached = false;
    this.stop();
  }

  private start(): void {
    if (!this.timer && !this.disposed) this.timer = setInterval(() => void this.tick(), POLL_INTERVAL_MS);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.detach();
    this.life.abort();
  }

  async setWindow(window: WindowMinutes): Promise<void> {
    if (window === this.window) return;
    this.window = window;
    this.generation++;
    for (const [id, buf] of this.buffers) {
      buf.reset();
      this.status.set(id, { status: 'unknown' });
    }
    this.deps.onWindow?.(window);
    await this.tick();
  }

  /** One poll round. Overlapping calls coalesce: the running round is followed by one more. */
  tick(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.busy) {
      this.again = true;
      return this.busy;
    }
    this.busy = this.round().finally(() => {
      this.busy = undefined;
      if (this.again && this.attached) {
        this.again = false;
        void this.tick();
      }
    });
    return this.busy;
  }

  private async round(): Promise<void> {
    const controller = new AbortController();
    const ms = this.deps.tickTimeoutMs ?? TICK_TIMEOUT_MS;
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${ms / 1000} s`)), ms);
    const signal = AbortSignal.any([controller.signal, this.life.signal]);
    try {
      if (!this.deps.trusted()) {
        this.setStack({ type: 'stack', running: false, services: [], error: this.deps.restrictedReason });
        return;
      }
      let services: ServiceStatus[];
      try {
        services = await this.deps.backend.stackStatus(this.deps.entry, signal);
      } catch (err) {
        if (this.disposed) return;
        this.setStack({ type: 'stack', running: false, services: [], error: message(err) });
        return;
      }
      this.deps.onStatus?.(services);
      const running = services.some((s) => s.state === 'running');
      this.setStack({ type: 'stack', running, services: serviceViews(services, this.deps.declaredServices?.() ?? []) });
      if (!running) {
        this.stackStopped();
        return;
      }
      await Promise.all([this.pollPanels(services, signal), this.pollFaults(signal)]);
      if (this.timeline.prune(this.now() - BAND_RETENTION_MS)) this.postBands();
    } finally {
      clearTimeout(timeout);
    }
  }

  private setStack(msg: StackMessage): void {
    if (this.starting) msg = { ...msg, starting: true };
    else if (msg.starting) {
      msg = { ...msg };
      delete msg.starting;
    }
    if (JSON.stringify(msg) === JSON.stringify(this.stack)) return;
    this.stack = msg;
    this.post(msg);
  }

  private async pollPanels(services: ServiceStatus[], signal: AbortSignal): Promise<void> {
    const { backend, entry } = this.deps;
    let url: string;
    try {
      url = backend.prometheusUrl(entry, services);
    } catch (err) {
      this.setDown("the lab's prometheus service", message(err));
      return;
    }
    const generation = this.generation;
    const window = this.window;
    const now = this.now();
    const answers = await Promise.all(
      dashboardPanels(entry.lab).map(async (panel) => {
        const buf = this.buffers.get(panel.id)!;
        const range = nextRange(now, window, buf.cursor);
        if (!range) return { panel, range };
        try {
          return { panel, range, raw: await backend.queryRange(url, panel.query, range, signal) };
        } catch (err) {
          return { panel, range, error: withAbortReason(message(err), signal) };
        }
      }),
    );
    if (generation !== this.generation || this.disposed) return;
    const asked = answers.filter((a) => a.range);
    if (asked.length && asked.every((a) => a.error !== undefined)) {
      const ready = await backend.prometheusReady(url, this.life.signal).catch(() => false);
      if (!ready) {
        this.setDown(url, answers[0].error ?? 'not reachable');
        for (const a of asked) this.status.set(a.panel.id, { status: 'down' });
        return;
      }
    }
    this.down = undefined;
    for (const a of answers) {
      if (!a.range) continue;
      const id = a.panel.id;
      const st = this.status.get(id)!;
      if (a.error !== undefined) {
        if (st.status !== 'error' || st.error !== a.error) this.post({ type: 'panelError', panelId: id, message: a.error });
        this.status.set(id, { status: 'error', error: a.error });
        continue;
      }
      const buf = this.buffers.get(id)!;
      buf.cursor = a.range.end;
      const fresh = buf.merge(a.raw ?? [], a.range.step);
      const end = a.range.end * 1000;
      buf.trim(windowStartMs(end, window));
      if (st.status === 'unknown') this.post({ type: 'points', panelId: id, series: buf.snapshot(), end, replace: true });
      else if (fresh.length || st.status !== 'ok') this.post({ type: 'points', panelId: id, series: fresh, end });
      this.status.set(id, { status: 'ok' });
    }
  }

  private setDown(where: string, detail: string): void {
    const msg = { type: 'prometheusDown' as const, where, message: detail };
    if (JSON.stringify(msg) !== JSON.stringify(this.down)) this.post(msg);
    this.down = msg;
  }

  private async pollFaults(signal: AbortSignal): Promise<void> {
    if (!this.deps.entry.lab.faults.length) return;
    try {
      const observed = await this.deps.backend.faultStates(this.deps.entry, signal);
      this.lastFaultPollError = undefined;
      if (this.timeline.observe(observed, this.now())) this.postFaults(true);
    } catch (err) {
      const m = message(err);
      if (m !== this.lastFaultPollError) this.deps.log.warn(`Dashboard ${this.labId}: fault states: ${m}`);
      this.lastFaultPollError = m;
    }
  }

  /** The stack is down (a poll found no running container, or Stop said so): its faults went with it. */
  stackStopped(): void {
    if (this.timeline.stackStopped(this.now())) this.postFaults(true);
  }

  private postFaults(bands: boolean): void {
    this.post({ type: 'faults', states: this.timeline.states() });
    if (bands) this.postBands();
  }

  private postBands(): void {
    const bands = this.timeline.bands();
    this.post({ type: 'faultBands', bands });
    this.deps.bands?.save(bands);
  }

  private known(faultId: string): boolean {
    if (this.deps.entry.lab.faults.some((f) => f.id === faultId)) return true;
    this.deps.log.warn(`Dashboard ${this.labId}: ignored an action on unknown fault "${faultId}"`);
    return false;
  }

  async inject(faultId: string): Promise<void> {
    if (!this.known(faultId) || this.timeline.isPending(faultId) || !this.deps.requireDocker('Inject Fault')) return;
    this.timeline.setPending(faultId, 'inject');
    this.postFaults(false);
    const t = this.now();
    try {
      const r = await this.deps.backend.injectFault(this.deps.entry, faultId, this.life.signal);
      this.timeline.injected(faultId, t, r.verified, r.detail);
      if (r.verified) {
        this.deps.log.info(`Dashboard ${this.labId}: injected ${faultId}: ${r.detail}`);
        this.deps.onFaultVerified?.(faultId);
      }
      else this.deps.log.warn(`Dashboard ${this.labId}: ${faultId} was injected but its verify failed: ${r.detail}`);
    } catch (err) {
      this.timeline.injectFailed(faultId, message(err));
      this.deps.log.error(`Dashboard ${this.labId}: inject ${faultId} failed: ${message(err)}`);
    } finally {
      this.timeline.setPending(faultId, undefined);
      this.postFaults(true);
    }
  }

  async revert(faultId: string): Promise<void> {
    if (!this.known(faultId) || this.timeline.isPending(faultId) || !this.deps.requireDocker('Revert Fault')) return;
    this.timeline.setPending(faultId, 'revert');
    this.postFaults(false);
    try {
      await this.deps.backend.revertFault(this.deps.entry, faultId, this.life.signal);
      this.timeline.reverted(faultId, this.now());
      this.deps.log.info(`Dashboard ${this.labId}: reverted ${faultId}`);
    } catch (err) {
      this.timeline.note(faultId, `revert failed: ${message(err)}`);
      this.deps.log.error(`Dashboard ${this.labId}: revert ${faultId} failed: ${message(err)}`);
    } finally {
      this.timeline.setPending(faultId, undefined);
      this.postFaults(true);
    }
  }

  /** Checker progress or results for this lab (from the checker command). Replayed on the next attach. */
  postCheck(msg: CheckMessage): void {
    this.checkSeq++;
    this.check = msg;
    this.post(msg);
  }

  /** Runs breakfix.startStack; the webview shows "Starting…" until it returns, never longer. */
  private async startStack(): Promise<void> {
    this.starting = true;
    this.setStack(this.stack ?? { type: 'stack', running: false, services: [] });
    try {
      await this.deps.executeCommand('breakfix.startStack', this.labId);
    } finally {
      this.starting = false;
      if (this.stack) this.setStack(this.stack);
    }
    await this.tick();
  }

  /**
   * Runs breakfix.runCheck. The checker reports through postCheck; if the command fails, or ends
   * without reporting anything, the webview is told so instead of waiting forever.
   */
  private async runCheck(mode?: 'quick' | 'full'): Promise<void> {
    this.postCheck({ type: 'checkProgress', phase: 'Starting', message: 'Starting the check…' });
    const seq = this.checkSeq;
    try {
      await this.deps.executeCommand('breakfix.runCheck', this.labId, ...(mode ? [{ mode }] : []));
      if (this.checkSeq === seq || this.check?.type === 'checkProgress') {
        this.postCheck({ type: 'checkResults', passed: false, results: [], error: 'The check ended without reporting results to the dashboard; see the "Break/Fix Labs" output.' });
      }
    } catch (err) {
      this.postCheck({ type: 'checkResults', passed: false, results: [], error: `Run Check could not run: ${message(err)}` });
    }
  }

  private async openReport(path: string): Promise<void> {
    // Only the report the host itself announced: the webview cannot open arbitrary files.
    if (this.check?.type !== 'checkResults' || this.check.reportPath !== path) {
      this.deps.log.warn(`Dashboard ${this.labId}: ignored openReport for ${path} (not the last run's report)`);
      return;
    }
    await this.deps.openFile(path);
  }
}

/** The containers, then (while any exists) the declared services Compose has not created yet. */
function serviceViews(services: ServiceStatus[], declared: readonly string[]): ServiceView[] {
  const views: ServiceView[] = services.map((s) => ({ service: s.service, state: s.state, health: s.health }));
  if (!views.length) return views;
  return [...views, ...missingServices(services, declared).map((service) => ({ service, state: 'not created', health: 'none' as const }))];
}

/** A query's error, with why the round's signal aborted it unless the error already says so (fetch rejects with the reason itself). */
function withAbortReason(error: string, signal: AbortSignal): string {
  const reason = signal.aborted && signal.reason instanceof Error ? signal.reason.message : undefined;
  return reason && !error.includes(reason) ? `${error} (${reason})` : error;
}
