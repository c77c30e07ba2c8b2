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
  HostMessage,
  WebviewMessage,
  WebviewPersistedState,
  WindowMinutes,
} from '../../src/extension/webviews/dashboard/protocol';
import { ChartPanel } from './chartPanel';
import { h, icon, setAttr, setText } from './dom';
import { FaultList } from './faultList';
import { selectTabOnSpace } from './tabKeys';
import { FrameScheduler } from './scheduler';
import { readTheme, watchTheme, type Theme } from './theme';
import { notRunList } from './notRun';
import { checkResultsTable, faultTimelineItems, servicesTable } from './tables';
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
  faults: FaultList;
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
        this.dom.faults.update(msg.states);
        this.renderFaultCount();
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
    const faults = new FaultList(init.faults, init.faultsLocked, (faultId, action) =>
      this.post(action === 'inject' ? { type: 'injectFault', faultId } : { type: 'revertFault', faultId }),
    );
    const stack = h('div', { id: 'stack', class: 'stack', 'data-running': 'unknown' }, h('p', { class: 'muted' }, 'Reading the stack’s state…'));
    const check = h('div', { id: 'check', class: 'check', 'data-check-state': 'idle' });

    const tabs = h(
      'vscode-tabs',
      { 'selected-index': this.tab, class: 'tabs' },
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'faults' }, icon('zap'), ' Faults ', faultCount),
      h('vscode-tab-panel', {}, faults.el),
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'stack' }, icon('server-process'), ' Stack'),
      h('vscode-tab-panel', {}, stack),
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'check' }, icon('checklist'), ' Check'),
      h('vscode-tab-panel', {}, check),
    );
    selectTabOnSpace(tabs, (i) => this.selectTab(i));
    tabs.addEventListener('vsc-tabs-select', (e: Event) => {
      const i = (e as CustomEvent<{ selectedIndex: number }>).detail?.selectedIndex;
      if (typeof i === 'number' && i >= 0 && i < TABS.length) {
        this.tab = i;
        this.persist();
      }
    });

    const charts = h('section', { id: 'charts', class: 'charts', 'data-band-count': 0, 'aria-label': 'Charts' });
    const bandList = h('ul', { class: 'band-list', 'aria-label': 'Fault timeline' });
    this.root.replaceChildren(header, banner, faults.live, tabs, charts, h('section', { class: 'timeline' }, h('h2', {}, 'Fault timeline'), bandList));
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

  // ---- sections ----

  private renderFaultCount(): void {
    const dom = this.dom;
    if (!dom) return;
    const active = dom.faults.activeCount;
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
      dom.stack.replaceChildren(servicesTable(s.services));
    }
    dom.faults.setDockerUsable(this.dockerUsable()); // inject/revert need a running stack
    this.renderFaultCount();
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
    const report = c.reportPath
      ? h('vscode-button', { 'data-action': 'open-report', secondary: true, icon: 'go-to-file', title: c.reportPath }, 'Open report')
      : null;
    report?.addEventListener('click', () => this.post({ type: 'openReport', path: c.reportPath! }));
    const parts: HTMLElement[] = [summary];
    if (c.notRun?.length) parts.push(notRunList(c.notRun));
    if (c.results.length) parts.push(checkResultsTable(c.results));
    parts.push(h('div', { class: 'check-actions' }, run, report));
    dom.check.replaceChildren(...parts);
  }

  private renderBands(): void {
    const dom = this.dom;
    if (!dom) return;
    setAttr(dom.charts, 'data-band-count', this.bands.length);
    dom.bandList.replaceChildren(...faultTimelineItems(this.bands));
  }
}
