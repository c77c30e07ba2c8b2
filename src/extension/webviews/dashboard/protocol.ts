// The dashboard's one protocol: every message between the extension host and the webview.
// Both directions are discriminated unions on `type`. The webview imports this file with
// `import type` only; it validates host messages with its own guards (webview/dashboard/validate.ts),
// and the host validates webview messages with `parseWebviewMessage` below. No vscode import here.

/** Sliding window of every chart, in minutes. */
export type WindowMinutes = 5 | 15 | 30;
export const WINDOW_MINUTES: readonly WindowMinutes[] = [5, 15, 30];

/** Units of lab panels and checks (the lab format's `Unit`), and of the cost-rate panel a cost model adds. */
export type PanelUnit = 'seconds' | 'reqps' | 'percent' | 'ratio' | 'count' | 'bytes' | 'cost-per-hour';

/** [unix milliseconds, value]; null is "no value" (Prometheus NaN/±Inf), drawn as a gap. */
export type Point = [number, number | null];

export interface SeriesPoints {
  /** Stable per panel: the series' labels ("outcome=ok"), or "" for a single unlabelled series. */
  label: string;
  points: Point[];
}

export type FaultState = 'inactive' | 'active' | 'failed';

export interface FaultView {
  id: string;
  title: string;
  kind: 'http' | 'container' | 'network';
  description?: string;
}

export interface FaultStateView {
  id: string;
  state: FaultState;
  /** An inject or revert is running. */
  pending?: 'inject' | 'revert';
  /** What verify observed, or why the last action failed. */
  detail?: string;
}

/** A shaded band on every chart: one injection of a fault, open while `end` is absent. */
export interface FaultBand {
  faultId: string;
  title: string;
  start: number;
  end?: number;
  /** The fault did not pass its verify. */
  failed?: boolean;
}

export interface ServiceView {
  service: string;
  state: string;
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
}

export type CheckOp = '<' | '<=' | '==' | '!=' | '>=' | '>';

export interface CheckResultView {
  id: string;
  title: string;
  passed: boolean;
  /** null: no data. A string for constraints (an env value, replicas as text). */
  measured: number | string | null;
  op: CheckOp;
  threshold: number | string;
  unit?: PanelUnit;
  /** The query or probe the value came from. */
  source?: string;
  note?: string;
}

/** A change in the learner's copy that a check did not run: `file` (relative to the lab) and what happened to it. */
export interface NotRunView {
  file: string;
  detail: string;
}

export interface DashboardInit {
  lab: { id: string; title: string; summary: string };
  panels: { id: string; title: string; unit: PanelUnit }[];
  faults: FaultView[];
  checks: { id: string; title: string }[];
  window: WindowMinutes;
  /** false in Restricted Mode: nothing touches Docker. */
  trusted: boolean;
  /** Why the fault list is empty: an assessment of the lab hides which faults it has (fault names locked). */
  faultsLocked?: string;
}

// ---- host → webview ----
export type HostMessage =
  | ({ type: 'init' } & DashboardInit)
  /**
   * Points of one panel newer than any sent before (only new points). `replace`: drop what the
   * webview holds for the panel first (first answer, window change, replay). A points message also
   * says the panel's latest query succeeded: it clears the panel's error and "Prometheus down".
   * `end` is the host's aligned query end (ms): the right edge of the sliding window.
   */
  | { type: 'points'; panelId: string; series: SeriesPoints[]; end: number; replace?: boolean }
  | { type: 'panelError'; panelId: string; message: string }
  | { type: 'prometheusDown'; where: string; message: string }
  | { type: 'faults'; states: FaultStateView[] }
  | { type: 'faultBands'; bands: FaultBand[] }
  /** `starting`: a Start the dashboard asked for is running. `error`: why the state is unknown (engine, Restricted Mode). */
  | { type: 'stack'; running: boolean; services: ServiceView[]; error?: string; starting?: boolean }
  | { type: 'checkProgress'; phase: string; message: string; fraction?: number }
  /** `notRun`: changes in the learner's copy that the check did not run (outside lab.yaml learnerFiles), with what happened. */
  | { type: 'checkResults'; passed: boolean; results: CheckResultView[]; reportPath?: string; error?: string; notRun?: NotRunView[] }
  /** The dashboard cannot work at all (lab missing, catalogue not loaded). */
  | { type: 'error'; message: string };

// ---- webview → host ----
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setWindow'; minutes: WindowMinutes }
  | { type: 'injectFault'; faultId: string }
  | { type: 'revertFault'; faultId: string }
  | { type: 'startStack' }
  | { type: 'runCheck'; mode?: 'quick' | 'full' }
  | { type: 'openReport'; path: string };

/** What the webview keeps with getState/setState; the serializer reads it back after a reload. */
export interface WebviewPersistedState {
  labId: string;
  window: WindowMinutes;
  tab?: string;
}

// ---- host-side validation of webview messages ----

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200;

export function isWindowMinutes(x: unknown): x is WindowMinutes {
  return x === 5 || x === 15 || x === 30;
}

/** The message if it is a well-formed webview message, else undefined. Extra fields are ignored. */
export function parseWebviewMessage(x: unknown): WebviewMessage | undefined {
  if (!isObj(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
    case 'startStack':
      return { type: x.type };
    case 'setWindow':
      return isWindowMinutes(x.minutes) ? { type: 'setWindow', minutes: x.minutes } : undefined;
    case 'injectFault':
    case 'revertFault':
      return isId(x.faultId) ? { type: x.type, faultId: x.faultId } : undefined;
    case 'runCheck':
      if (x.mode === undefined) return { type: 'runCheck' };
      return x.mode === 'quick' || x.mode === 'full' ? { type: 'runCheck', mode: x.mode } : undefined;
    case 'openReport':
      return typeof x.path === 'string' && x.path.length > 0 && x.path.length < 4096 ? { type: 'openReport', path: x.path } : undefined;
    default:
      return undefined;
  }
}

export function isWebviewPersistedState(x: unknown): x is WebviewPersistedState {
  return isObj(x) && isId(x.labId) && isWindowMinutes(x.window) && (x.tab === undefined || typeof x.tab === 'string');
}
