// The Faults tab: one row per fault with its state badge, Inject and Revert, and what verify said.
// The host's `faults` messages are the truth; a click shows "pending" at once until the host answers.
// Accessibility: each button is named with its fault ("Inject Provider outage"); a pending button stays
// focusable (aria-disabled, not disabled, which would drop the focus to <body>); when the focused button
// does get disabled (Inject once the fault is active) the focus moves to the row's other button; state
// changes are read out from a polite live region that sits outside the tabs.
import type { FaultState, FaultStateView, FaultView } from '../../src/extension/webviews/dashboard/protocol';
import { h, setAttr, setText } from './dom';

export type FaultAction = 'inject' | 'revert';

interface FaultRow {
  title: string;
  row: HTMLElement;
  badge: HTMLElement;
  inject: HTMLElement;
  revert: HTMLElement;
  detail: HTMLElement;
}

/** What to read out when a fault's state changes from `before` to `after`; undefined when nothing changed. */
export function faultAnnouncement(title: string, before: FaultStateView, after: FaultStateView): string | undefined {
  if (after.pending) return before.pending === after.pending ? undefined : `${after.pending === 'inject' ? 'Injecting' : 'Reverting'} ${title}…`;
  if (after.state === before.state && !before.pending) return undefined;
  const said: Record<FaultState, string> = {
    active: `${title} is active.`,
    inactive: `${title} is inactive.`,
    failed: `${title} failed${after.detail ? `: ${after.detail}` : '.'}`,
  };
  return said[after.state];
}

export class FaultList {
  /** The tab's content (#faults). */
  readonly el: HTMLElement;
  /** Announcements of state changes; the app places it outside the tabs, so it speaks whichever tab shows. */
  readonly live: HTMLElement;
  private readonly rows = new Map<string, FaultRow>();
  private readonly states = new Map<string, FaultStateView>();
  private dockerUsable = false;

  constructor(
    faults: readonly FaultView[],
    locked: string | undefined,
    private readonly onAction: (faultId: string, action: FaultAction) => void,
  ) {
    this.el = h('div', { id: 'faults', class: 'faults' });
    this.live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-live': 'faults' });
    if (locked) this.el.append(h('p', { class: 'muted' }, locked));
    else if (!faults.length) this.el.append(h('p', { class: 'muted' }, 'This lab defines no faults.'));
    for (const f of faults) {
      const badge = h('vscode-badge', { class: 'fault-state' }, 'inactive');
      const inject = h('vscode-button', { 'data-action': 'inject', icon: 'zap', 'aria-label': `Inject ${f.title}` }, 'Inject');
      const revert = h('vscode-button', { 'data-action': 'revert', icon: 'discard', secondary: true, 'aria-label': `Revert ${f.title}` }, 'Revert');
      const detail = h('div', { class: 'fault-detail muted' });
      inject.addEventListener('click', () => this.click(f.id, 'inject'));
      revert.addEventListener('click', () => this.click(f.id, 'revert'));
      const row = h(
        'div',
        { class: 'fault-row', 'data-fault-id': f.id, 'data-state': 'inactive' },
        h('div', { class: 'fault-main' }, h('span', { class: 'fault-title', title: f.description ?? f.title }, f.title), h('span', { class: 'fault-kind muted' }, f.kind), badge),
        h('div', { class: 'fault-actions' }, inject, revert),
        detail,
      );
      this.rows.set(f.id, { title: f.title, row, badge, inject, revert, detail });
      this.el.append(row);
    }
    this.render();
  }

  private state(id: string): FaultStateView {
    return this.states.get(id) ?? { id, state: 'inactive' };
  }

  /** States from the host. */
  update(states: readonly FaultStateView[]): void {
    for (const s of states) this.set(s);
    this.render();
  }

  /** Inject and revert need a trusted workspace and a running stack. */
  setDockerUsable(usable: boolean): void {
    this.dockerUsable = usable;
    this.render();
  }

  /** Faults whose verify holds. */
  get activeCount(): number {
    let n = 0;
    for (const id of this.rows.keys()) if (this.state(id).state === 'active') n++;
    return n;
  }

  private set(next: FaultStateView): void {
    const row = this.rows.get(next.id);
    if (!row) return;
    const said = faultAnnouncement(row.title, this.state(next.id), next);
    this.states.set(next.id, next);
    if (said) setText(this.live, said);
  }

  private click(faultId: string, action: FaultAction): void {
    const st = this.state(faultId);
    if (st.pending || !this.dockerUsable) return;
    if (action === 'inject' && st.state === 'active') return;
    // Shown at once; the host's next `faults` message is the truth.
    this.set({ ...st, pending: action });
    this.render();
    this.onAction(faultId, action);
  }

  private render(): void {
    for (const [id, f] of this.rows) {
      const st = this.state(id);
      setAttr(f.row, 'data-state', st.state);
      setAttr(f.row, 'data-pending', st.pending);
      setText(f.badge, st.pending ? `${st.pending === 'inject' ? 'injecting' : 'reverting'}…` : st.state);
      // Pending: unavailable but still focusable (clicks are ignored above).
      setAttr(f.inject, 'aria-disabled', st.pending ? 'true' : undefined);
      setAttr(f.revert, 'aria-disabled', st.pending ? 'true' : undefined);
      const injectFocused = isFocused(f.inject);
      setAttr(f.inject, 'disabled', (!st.pending && st.state === 'active') || !this.dockerUsable);
      setAttr(f.revert, 'disabled', !this.dockerUsable);
      if (injectFocused && f.inject.hasAttribute('disabled') && !f.revert.hasAttribute('disabled')) f.revert.focus();
      setAttr(f.inject, 'icon', st.pending === 'inject' ? 'loading' : 'zap');
      setAttr(f.inject, 'icon-spin', st.pending === 'inject');
      setAttr(f.revert, 'icon', st.pending === 'revert' ? 'loading' : 'discard');
      setAttr(f.revert, 'icon-spin', st.pending === 'revert');
      // What verify saw: spelled out when the fault failed, a tooltip otherwise (the rows stay compact).
      setText(f.detail, st.state === 'failed' ? (st.detail ?? '') : '');
      f.detail.hidden = st.state !== 'failed' || !st.detail;
      setAttr(f.row, 'title', st.detail ?? undefined);
    }
  }
}

function isFocused(el: HTMLElement): boolean {
  return document.activeElement === el;
}
