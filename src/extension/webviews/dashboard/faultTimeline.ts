// Fault bands and fault states: what was injected when, what verify says now.
// Every active or past fault is a band; a fault whose verify failed is a failed band, not an active one.
import type { FaultBand, FaultState, FaultStateView } from './protocol';

/** What verify says about a fault right now; null when it could not be evaluated. */
export interface ObservedFault {
  id: string;
  active: boolean | null;
  detail?: string;
}

/** Bands older than this (ended before now − 30 min, the widest window) are dropped. */
export const BAND_RETENTION_MS = 30 * 60_000;

export class FaultTimeline {
  private list: FaultBand[];
  private readonly titles: Map<string, string>;
  private readonly details = new Map<string, string>();
  private readonly injectErrors = new Map<string, string>();
  private readonly pending = new Map<string, 'inject' | 'revert'>();

  constructor(faults: { id: string; title: string }[], bands: FaultBand[] = []) {
    this.titles = new Map(faults.map((f) => [f.id, f.title]));
    // Bands of faults the lab no longer defines are dropped; at most one open band per fault.
    const open = new Set<string>();
    this.list = [];
    for (const b of [...bands].sort((a, z) => a.start - z.start)) {
      if (!this.titles.has(b.faultId)) continue;
      if (b.end === undefined) {
        if (open.has(b.faultId)) continue;
        open.add(b.faultId);
      }
      this.list.push({ ...b, title: this.titles.get(b.faultId)! });
    }
  }

  bands(): FaultBand[] {
    return this.list.map((b) => ({ ...b }));
  }

  private openBand(id: string): FaultBand | undefined {
    return this.list.find((b) => b.faultId === id && b.end === undefined);
  }

  state(id: string): FaultState {
    if (this.injectErrors.has(id)) return 'failed';
    const b = this.openBand(id);
    if (!b) return 'inactive';
    return b.failed ? 'failed' : 'active';
  }

  states(): FaultStateView[] {
    return [...this.titles.keys()].map((id) => {
      const view: FaultStateView = { id, state: this.state(id) };
      const pending = this.pending.get(id);
      if (pending) view.pending = pending;
      const detail = this.injectErrors.get(id) ?? this.details.get(id);
      if (detail) view.detail = detail;
      return view;
    });
  }

  setPending(id: string, what: 'inject' | 'revert' | undefined): void {
    if (what) this.pending.set(id, what);
    else this.pending.delete(id);
  }

  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** An inject ran at `t`. `verified`: its verify held; otherwise the band is marked failed. */
  injected(id: string, t: number, verified: boolean, detail?: string): void {
    this.injectErrors.delete(id);
    if (detail) this.details.set(id, detail);
    const open = this.openBand(id);
    if (open) {
      open.failed = verified ? undefined : true;
      if (!open.failed) delete open.failed;
      return;
    }
    const band: FaultBand = { faultId: id, title: this.titles.get(id) ?? id, start: t };
    if (!verified) band.failed = true;
    this.list.push(band);
  }

  /** The inject call itself failed: nothing was injected, so no band; the fault shows as failed. */
  injectFailed(id: string, message: string): void {
    this.injectErrors.set(id, message);
  }

  /** Remembers what the last action or verify said about a fault (shown beside it). */
  note(id: string, detail: string): void {
    this.details.set(id, detail);
  }

  /** Reverted at `t`: the open band (if any) ends. */
  reverted(id: string, t: number, detail?: string): void {
    this.injectErrors.delete(id);
    if (detail) this.details.set(id, detail);
    else this.details.delete(id);
    const open = this.openBand(id);
    if (open) open.end = Math.max(t, open.start);
  }

  /**
   * Verify results at `t`. Active without a band: injected elsewhere (CLI, checker), a band opens.
   * Inactive with an active band: the fault ended, the band closes. A failed band stays failed
   * until verify holds or the fault is reverted. Pending faults are left to their action.
   * Returns true when bands or states changed.
   */
  observe(observed: ObservedFault[], t: number): boolean {
    const before = JSON.stringify([this.list, this.states()]);
    for (const o of observed) {
      if (!this.titles.has(o.id) || this.pending.has(o.id)) continue;
      if (o.detail) this.details.set(o.id, o.detail);
      if (o.active === null) continue;
      const open = this.openBand(o.id);
      if (o.active) {
        this.injectErrors.delete(o.id);
        if (!open) this.list.push({ faultId: o.id, title: this.titles.get(o.id)!, start: t });
        else if (open.failed) delete open.failed;
      } else if (open && !open.failed) {
        open.end = Math.max(t, open.start);
      }
    }
    return JSON.stringify([this.list, this.states()]) !== before;
  }

  /**
   * The stack stopped at `t`: whatever was injected went with its containers. Open bands end at `t` (a
   * restart must not stretch them over the time the stack was down); failed injects and verify notes are
   * forgotten. Faults with an action in flight are left to it. Returns true when bands or states changed.
   */
  stackStopped(t: number): boolean {
    const before = JSON.stringify([this.list, this.states()]);
    for (const b of this.list) if (b.end === undefined && !this.pending.has(b.faultId)) b.end = Math.max(t, b.start);
    for (const id of this.titles.keys()) {
      if (this.pending.has(id)) continue;
      this.injectErrors.delete(id);
      this.details.delete(id);
    }
    return JSON.stringify([this.list, this.states()]) !== before;
  }

  /** Drops bands that ended before `minMs`. Returns true when some were dropped. */
  prune(minMs: number): boolean {
    const n = this.list.length;
    this.list = this.list.filter((b) => b.end === undefined || b.end >= minMs);
    return this.list.length !== n;
  }
}
