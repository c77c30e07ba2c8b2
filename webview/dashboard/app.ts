// The dashboard app: state from validated host messages, DOM for header, banner, faults, stack,
// checks and charts. State has explicit loading and error fields; nothing spins without an end.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type {
  DashboardInit,
  FaultBand,
  FaultStateView,
  HostMessage,
  WebviewMessage,
  WebviewPersistedState,
  WindowMinutes,
} from '../../src/extension/webviews/dashboard/protocol';
import { ChartPanel } from './chartPanel';
import { h, icon, setAttr, setText } from './dom';
import { FrameScheduler } from './scheduler';
import { readTheme, watchTheme, type Theme } from './theme';
import { notRunList } from './notRun';
import { formatMeasured, formatThreshold } from './units';
import { isHostMessage, isWindow } from './validate';

export interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): unknown;
  setState(state: WebviewPersistedState): void;
}

type StackMsg = Extract<HostMessage, { type: 'stack' }>;
type CheckMsg = Extract<HostMessage, { type: 'checkProgress' | 'checkResults' }>;

const WINDOWS: readonly WindowMinutes[] = [5, 15, 30];
const TABS = ['faults', 'stack', 'check'] as const;
/** If the host has not sent `init` by then, say so instead of loading forever. */
export const INIT_TIMEOUT_MS = 15_000;

interface Dom {
  stackBadge: HTMLElement;
  windowButtons: Map<WindowMinutes, HTMLElement>;
  banner: HTMLElement;
  tabs: HTMLElement;
  faultCount: HTMLElement;
  faults: Map<string, { row: HTMLElement; badge: HTMLElement; inject: HTMLElement; revert: HTMLElement; detail: HTMLElement }>;
  stack: HTMLElement;
  check: HTMLElement;
  charts: HTMLElement;
  bandList: HTMLElement;
}

export class App {
  /** Explicit lifecycle: loading until `init`, error when the host says the dashboard cannot work. */
  private phase: 'loading' | 'ready' | 'error' = 'loading';
  private fatal?: string;
  private init?: DashboardInit;
  private window: WindowMinutes = 5;
  private tab = 0;
  private stack?: StackMsg;
  private down?: { where: string; message: string };
  private readonly faultStates = new Map<string, FaultStateView>();
  private bands: FaultBand[] = [];
  private check?: CheckMsg;
  private checkRequested = false;
  private readonly panels = new Map<string, ChartPanel>();
  private readonly byElement = new WeakMap<Element, ChartPanel>();
  private readonly scheduler = new FrameScheduler<ChartPanel>();
  private readonly observer: IntersectionObserver;
  private theme: Theme;
  private dom?: Dom;
  private initTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    const saved = api.getState() as Partial<WebviewPersistedState> | undefined;
    if (saved && isWindow(saved.window)) this.window = saved.window;
    if (saved && typeof saved.tab === 'string') this.tab = Math.max(0, TABS.indexOf(saved.tab as (typeof TABS)[number]));
    this.theme = readTheme();
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const panel = this.byElement.get(e.target);
          if (!panel) continue;
          panel.visible = e.isIntersecting;
          if (panel.visible) this.scheduler.wake(panel);
        }
      },
      { rootMargin: '120px' },
    );
    watchTheme(() => {
      this.theme = readTheme();
      for (const p of this.panels.values()) p.setTheme(this.theme);
    });
    this.renderShell();
  }

  /** Listens for host messages, then tells the host it is ready (always the first message). */
  start(): void {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
    this.initTimer = setTimeout(() => {
      if (this.phase === 'loading') this.fail('The extension did not answer. Close the dashboard and open it again ("Break/Fix: Open Dashboard").');
    }, INIT_TIMEOUT_MS);
    this.api.postMessage({ type: 'ready' });
  }

  receive(data: unknown): void {
    if (!isHostMessage(data)) {
      console.warn('Break/Fix dashboard: ignored a malformed message', data);
      return;
    }
    this.handle(data);
  }

  handle(msg: HostMessage): void {
    if (msg.type === 'init') return this.onInit(msg);
    if (msg.type === 'error') return this.fail(msg.message);
    if (this.phase !== 'ready' || !this.dom) return; // nothing to show it on yet
    switch (msg.type) {
      case 'points': {
        const panel = this.panels.get(msg.panelId);
        if (!panel) return;
        panel.addPoints(msg.series, msg.end, msg.replace === true);
        if (this.down) {
          this.down = undefined;
          this.updateNotices();
        }
        return;
      }
      case 'panelError':
        this.panels.get(msg.panelId)?.setError(msg.message);
        return;
      case 'prometheusDown':
        this.down = { where: msg.where, message: msg.message };
        this.updateNotices();
        return;
      case 'faults':
        for (const s of msg.states) this.faultStates.set(s.id, s);
        this.renderFaults();
        return;
      case 'faultBands':
        this.bands = msg.bands;
        for (const p of this.panels.values()) p.setBands(this.bands);
        this.renderBands();
        return;
      case 'stack':
        this.stack = msg;
        this.renderStack();
        this.updateNotices();
        return;
      case 'checkProgress':
      case 'checkResults':
        this.check = msg;
        this.checkRequested = false;
        this.renderCheck();
        if (msg.type === 'checkProgress' || msg.type === 'checkResults') this.selectTab(2);
        return;
    }
  }

  private post(msg: WebviewMessage): void {
    this.api.postMessage(msg);
  }

  private persist(): void {
    if (!this.init) return;
    this.api.setState({ labId: this.init.lab.id, window: this.window, tab: TABS[this.tab] });
  }

  private fail(message: string): void {
    this.phase = 'error';
    this.fatal = message;
    if (this.initTimer) clearTimeout(this.initTimer);
    this.renderShell();
  }

  // ---- shell: loading and error states ----

  private renderShell(): void {
    setAttr(this.root, 'data-app-state', this.phase);
    setAttr(this.root, 'aria-busy', this.phase === 'loading' ? 'true' : 'false');
    if (this.phase === 'loading') {
      this.root.replaceChildren(h('p', { class: 'boot' }, icon('loading codicon-modifier-spin'), ' Loading the dashboard…'));
    } else if (this.phase === 'error') {
      for (const p of this.panels.values()) p.destroy();
      this.panels.clear();
      this.dom = undefined;
      this.root.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, icon('error'), h('span', {}, this.fatal ?? 'The dashboard failed.')));
    }
  }

  // ---- init: build the dashboard ----

  private onInit(init: Extract<HostMessage, { type: 'init' }>): void {
    if (this.initTimer) clearTimeout(this.initTimer);
    for (const p of this.panels.values()) {
      this.observer.unobserve(p.el);
      this.scheduler.forget(p);
      p.destroy();
    }
    this.panels.clear();
    this.faultStates.clear();
    this.init = init;
    this.window = init.window;
    this.phase = 'ready';
    this.fatal = undefined;
    setAttr(this.root, 'data-app-state', 'ready');
    setAttr(this.root, 'aria-busy', 'false');
    this.build(init);
    this.persist();
  }

  private build(init: DashboardInit): void {
    const windowButtons = new Map<WindowMinutes, HTMLElement>();
    const windowGroup = h('div', { class: 'windows', role: 'group', 'aria-label': 'Time window' });
    for (const w of WINDOWS) {
      const b = h('vscode-button', { 'data-window': w, secondary: w !== this.window, 'aria-pressed': w === this.window ? 'true' : 'false', title: `Show the last ${w} minutes` }, `${w} min`);
      b.addEventListener('click', () => this.setWindow(w));
      windowButtons.set(w, b);
      windowGroup.append(b);
    }
    const stackBadge = h('vscode-badge', { class: 'stack-badge', title: 'Stack health' }, '…');
    const header = h(
      'header',
      { class: 'bar' },
      h('div', { class: 'bar-title' }, icon('pulse'), h('h1', { title: init.lab.summary }, init.lab.title), stackBadge),
      windowGroup,
    );
    const banner = h('div', { id: 'banner', class: 'banner', role: 'status', hidden: true });

    const faultCount = h('vscode-badge', { variant: 'counter', hidden: true }, '0');
    const faultsPanel = h('div', { id: 'faults', class: 'faults' });
    const faults: Dom['faults'] = new Map();
    if (init.faultsLocked) faultsPanel.append(h('p', { class: 'muted' }, init.faultsLocked));
    else if (!init.faults.length) faultsPanel.append(h('p', { class: 'muted' }, 'This lab defines no faults.'));
    for (const f of init.faults) {
      const badge = h('vscode-badge', { class: 'fault-state' }, 'inactive');
      const inject = h('vscode-button', { 'data-action': 'inject', icon: 'zap', title: `Inject: ${f.title}` }, 'Inject');
      const revert = h('vscode-button', { 'data-action': 'revert', icon: 'discard', secondary: true, title: `Revert: ${f.title}` }, 'Revert');
      const detail = h('div', { class: 'fault-detail muted' });
      inject.addEventListener('click', () => this.faultAction(f.id, 'inject'));
      revert.addEventListener('click', () => this.faultAction(f.id, 'revert'));
      const row = h(
        'div',
        { class: 'fault-row', 'data-fault-id': f.id, 'data-state': 'inactive' },
        h('div', { class: 'fault-main' }, h('span', { class: 'fault-title', title: f.description ?? f.title }, f.title), h('span', { class: 'fault-kind muted' }, f.kind), badge),
        h('div', { class: 'fault-actions' }, inject, revert),
        detail,
      );
      faults.set(f.id, { row, badge, inject, revert, detail });
      faultsPanel.append(row);
    }
    const stack = h('div', { id: 'stack', class: 'stack', 'data-running': 'unknown' }, h('p', { class: 'muted' }, 'Reading the stack’s state…'));
    const check = h('div', { id: 'check', class: 'check', 'data-check-state': 'idle' });

    const tabs = h(
      'vscode-tabs',
      { 'selected-index': this.tab, class: 'tabs' },
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'faults' }, icon('zap'), ' Faults ', faultCount),
      h('vscode-tab-panel', {}, faultsPanel),
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'stack' }, icon('server-process'), ' Stack'),
      h('vscode-tab-panel', {}, stack),
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'check' }, icon('checklist'), ' Check'),
      h('vscode-tab-panel', {}, check),
    );
    tabs.addEventListener('vsc-tabs-select', (e: Event) => {
      const i = (e as CustomEvent<{ selectedIndex: number }>).detail?.selectedIndex;
      if (typeof i === 'number' && i >= 0 && i < TABS.length) {
        this.tab = i;
        this.persist();
      }
    });

    const charts = h('section', { id: 'charts', class: 'charts', 'data-band-count': 0, 'aria-label': 'Charts' });
    const bandList = h('ul', { class: 'band-list', 'aria-label': 'Fault timeline' });
    this.root.replaceChildren(header, banner, tabs, charts, h('section', { class: 'timeline' }, h('h2', {}, 'Fault timeline'), bandList));
    this.dom = { stackBadge, windowButtons, banner, tabs, faultCount, faults, stack, check, charts, bandList };

    for (const p of init.panels) {
      const panel = new ChartPanel(p, this.window, this.theme, (x) => this.scheduler.request(x));
      this.panels.set(p.id, panel);
      this.byElement.set(panel.el, panel);
      charts.append(panel.el);
      panel.mount();
      this.observer.observe(panel.el);
    }
    if (!init.panels.length) charts.append(h('p', { class: 'muted' }, 'This lab defines no panels.'));
    if (!init.trusted) this.stack = { type: 'stack', running: false, services: [], error: 'Restricted Mode: Docker is disabled because this workspace is not trusted.' };
    this.renderFaults();
    this.renderStack();
    this.renderCheck();
    this.renderBands();
    this.updateNotices();
  }

  private selectTab(i: number): void {
    if (!this.dom || this.tab === i) return;
    this.tab = i;
    this.dom.tabs.setAttribute('selected-index', String(i));
    this.persist();
  }

  private setWindow(w: WindowMinutes): void {
    if (w === this.window || !this.dom) return;
    this.window = w;
    for (const [win, b] of this.dom.windowButtons) {
      setAttr(b, 'secondary', win !== w);
      setAttr(b, 'aria-pressed', win === w ? 'true' : 'false');
    }
    for (const p of this.panels.values()) p.setWindow(w);
    this.persist();
    this.post({ type: 'setWindow', minutes: w });
  }

  private faultAction(faultId: string, action: 'inject' | 'revert'): void {
    const st = this.faultStates.get(faultId) ?? { id: faultId, state: 'inactive' as const };
    if (st.pending) return;
    if (action === 'inject' && st.state === 'active') return;
    // Shown at once; the host's next `faults` message is the truth.
    this.faultStates.set(faultId, { ...st, pending: action });
    this.renderFaults();
    this.post(action === 'inject' ? { type: 'injectFault', faultId } : { type: 'revertFault', faultId });
  }

  // ---- sections ----

  private renderFaults(): void {
    const dom = this.dom;
    if (!dom) return;
    let active = 0;
    for (const [id, f] of dom.faults) {
      const st = this.faultStates.get(id) ?? { id, state: 'inactive' as const };
      if (st.state === 'active') active++;
      setAttr(f.row, 'data-state', st.state);
      setAttr(f.row, 'data-pending', st.pending);
      setText(f.badge, st.pending ? `${st.pending === 'inject' ? 'injecting' : 'reverting'}…` : st.state);
      setAttr(f.inject, 'disabled', !!st.pending || st.state === 'active' || !this.dockerUsable());
      setAttr(f.revert, 'disabled', !!st.pending || !this.dockerUsable());
      setAttr(f.inject, 'icon', st.pending === 'inject' ? 'loading' : 'zap');
      setAttr(f.inject, 'icon-spin', st.pending === 'inject');
      setAttr(f.revert, 'icon', st.pending === 'revert' ? 'loading' : 'discard');
      setAttr(f.revert, 'icon-spin', st.pending === 'revert');
      // What verify saw: spelled out when the fault failed, a tooltip otherwise (the rows stay compact).
      setText(f.detail, st.state === 'failed' ? (st.detail ?? '') : '');
      f.detail.hidden = st.state !== 'failed' || !st.detail;
      setAttr(f.row, 'title', st.detail ?? undefined);
    }
    setText(dom.faultCount, String(active));
    dom.faultCount.hidden = active === 0;
  }

  private dockerUsable(): boolean {
    return !!this.init?.trusted && !!this.stack?.running;
  }

  private renderStack(): void {
    const dom = this.dom;
    if (!dom) return;
    const s = this.stack;
    if (!s) {
      setText(dom.stackBadge, '…');
      return;
    }
    const ok = s.services.filter((x) => x.state === 'running' && (x.health === 'healthy' || x.health === 'none')).length;
    setText(dom.stackBadge, s.error ? 'unavailable' : s.running ? `${ok}/${s.services.length} healthy` : 'not running');
    setAttr(dom.stackBadge, 'data-health', s.error ? 'error' : !s.running ? 'stopped' : ok === s.services.length ? 'healthy' : 'degraded');
    setAttr(dom.stack, 'data-running', s.running ? 'true' : 'false');
    if (!s.services.length) {
      dom.stack.replaceChildren(h('p', { class: 'muted' }, s.error ?? 'No containers: the stack is not running.'));
    } else {
      dom.stack.replaceChildren(
        h(
          'table',
          { class: 'services' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Service'), h('th', {}, 'State'), h('th', {}, 'Health'))),
          h(
            'tbody',
            {},
            ...s.services.map((x) =>
              h(
                'tr',
                { class: 'service-row', 'data-service': x.service, 'data-state': x.state, 'data-health': x.health },
                h('td', {}, x.service),
                h('td', {}, icon(x.state === 'running' ? 'circle-filled' : x.state === 'paused' ? 'debug-pause' : 'circle-outline'), ` ${x.state}`),
                h('td', {}, x.health === 'none' ? '—' : x.health),
              ),
            ),
          ),
        ),
      );
    }
    this.renderFaults(); // inject/revert need a running stack
  }

  /** Banner and chart notices: restricted, engine error, stack stopped, Prometheus down. */
  private updateNotices(): void {
    const dom = this.dom;
    const init = this.init;
    if (!dom || !init) return;
    const s = this.stack;
    let kind: string | undefined;
    const content: (Node | string)[] = [];
    let notice: { status: 'down' | 'stopped'; text: string } | undefined;
    if (s && !s.running) {
      if (s.error) {
        kind = init.trusted ? 'engine' : 'restricted';
        content.push(icon(init.trusted ? 'warning' : 'shield'), h('span', {}, s.error));
        notice = { status: 'stopped', text: s.error };
      } else {
        kind = 'stack-stopped';
        const start = h('vscode-button', { 'data-action': 'start-stack', icon: s.starting ? 'loading' : 'play', 'icon-spin': !!s.starting, disabled: !!s.starting }, s.starting ? 'Starting…' : 'Start stack');
        start.addEventListener('click', () => {
          if (start.hasAttribute('disabled')) return;
          setAttr(start, 'disabled', true);
          this.post({ type: 'startStack' });
        });
        content.push(icon('debug-stop'), h('span', {}, `The stack of ${init.lab.title} is not running.`), start);
        notice = { status: 'stopped', text: 'Stack not running: start it to see live data.' };
      }
    } else if (this.down) {
      kind = 'prometheus-down';
      const text = `no data: Prometheus at ${this.down.where} not reachable`;
      content.push(icon('debug-disconnect'), h('span', {}, text), h('span', { class: 'muted detail' }, this.down.message));
      notice = { status: 'down', text };
    }
    setAttr(dom.banner, 'data-kind', kind);
    dom.banner.hidden = !kind;
    dom.banner.replaceChildren(...content);
    for (const p of this.panels.values()) p.setNotice(notice);
  }

  private renderCheck(): void {
    const dom = this.dom;
    if (!dom) return;
    const c = this.check;
    const run = h('vscode-button', { 'data-action': 'run-check', icon: 'beaker', disabled: this.checkRequested || c?.type === 'checkProgress' }, 'Run Check');
    run.addEventListener('click', () => {
      if (run.hasAttribute('disabled')) return;
      this.checkRequested = true;
      this.renderCheck();
      this.post({ type: 'runCheck' });
    });
    if (!c) {
      setAttr(dom.check, 'data-check-state', this.checkRequested ? 'running' : 'idle');
      dom.check.replaceChildren(
        h('p', { class: 'muted' }, this.checkRequested ? 'Starting the check…' : `No check has run yet. ${this.init?.checks.length ?? 0} checks prove the fix.`),
        run,
      );
      return;
    }
    if (c.type === 'checkProgress') {
      setAttr(dom.check, 'data-check-state', 'running');
      const bar = c.fraction === undefined ? h('vscode-progress-bar', { indeterminate: true, 'aria-label': 'Check progress' }) : h('vscode-progress-bar', { value: Math.round(c.fraction * 100), max: 100, 'aria-label': 'Check progress' });
      dom.check.replaceChildren(h('div', { class: 'check-phase' }, h('strong', {}, c.phase), ' ', h('span', {}, c.message)), bar);
      return;
    }
    setAttr(dom.check, 'data-check-state', c.error ? 'error' : c.passed ? 'passed' : 'failed');
    const summary = c.error
      ? h('p', { class: 'check-summary error', role: 'alert' }, icon('error'), ' ', c.error)
      : h('p', { class: `check-summary ${c.passed ? 'passed' : 'failed'}` }, icon(c.passed ? 'pass-filled' : 'error'), c.passed ? ' All checks passed.' : ` ${c.results.filter((r) => !r.passed).length} of ${c.results.length} checks failed.`);
    const rows = c.results.map((r) =>
      h(
        'tr',
        { class: 'check-row', 'data-check-id': r.id, 'data-passed': r.passed ? 'true' : 'false' },
        h('td', {}, h('vscode-badge', { class: r.passed ? 'pass' : 'fail' }, r.passed ? 'pass' : 'fail')),
        h('td', { title: r.source ?? '' }, r.title, r.note ? h('div', { class: 'muted' }, r.note) : null),
        h('td', { class: 'num' }, formatMeasured(r.measured, r.unit)),
        h('td', { class: 'num muted' }, formatThreshold(r.op, r.threshold, r.unit)),
      ),
    );
    const report = c.reportPath
      ? h('vscode-button', { 'data-action': 'open-report', secondary: true, icon: 'go-to-file', title: c.reportPath }, 'Open report')
      : null;
    report?.addEventListener('click', () => this.post({ type: 'openReport', path: c.reportPath! }));
    const parts: HTMLElement[] = [summary];
    if (c.notRun?.length) parts.push(notRunList(c.notRun));
    if (rows.length) {
      const head = h('tr', {}, h('th', {}, ''), h('th', {}, 'Check'), h('th', { class: 'num' }, 'Measured'), h('th', { class: 'num' }, 'Threshold'));
      parts.push(h('table', { class: 'checks' }, h('thead', {}, head), h('tbody', {}, ...rows)));
    }
    parts.push(h('div', { class: 'check-actions' }, run, report));
    dom.check.replaceChildren(...parts);
  }

  private renderBands(): void {
    const dom = this.dom;
    if (!dom) return;
    setAttr(dom.charts, 'data-band-count', this.bands.length);
    const fmt = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    dom.bandList.replaceChildren(
      ...(this.bands.length
        ? [...this.bands]
            .sort((a, b) => b.start - a.start)
            .map((b) =>
              h(
                'li',
                { 'data-band-fault-id': b.faultId, 'data-open': b.end === undefined ? 'true' : 'false', 'data-failed': b.failed ? 'true' : 'false' },
                h('span', { class: `band-swatch ${b.failed ? 'failed' : b.end === undefined ? 'active' : 'past'}` }),
                h('span', {}, b.title),
                h('span', { class: 'muted' }, ` ${fmt(b.start)} → ${b.end === undefined ? 'now' : fmt(b.end)}${b.failed ? ' (verify failed)' : ''}`),
              ),
            )
        : [h('li', { class: 'muted' }, 'No fault injected in the last 30 minutes.')]),
    );
  }
}
