// What a dashboard session needs from its panel: the lab, the backend, the webview, the log, trust, VS Code
// commands, a clock, and hooks into the rest of the extension. No vscode import (tests pass fakes).
import type { LabEntry } from '../../../core/labs/types';
import type { ServiceStatus } from '../../../core/runtime/types';
import type { DashboardBackend } from './backend';
import type { FaultBand, HostMessage, WindowMinutes } from './protocol';

export interface SessionLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export interface SessionDeps {
  entry: LabEntry;
  backend: DashboardBackend;
  /** Posts to the webview; called only while the webview is attached (has sent `ready`). */
  post(msg: HostMessage): void;
  log: SessionLog;
  /** Workspace Trust: false means no Docker call at all. */
  trusted(): boolean;
  /** Shown in the stack area in Restricted Mode. */
  restrictedReason: string;
  /** For fault actions: true when allowed, else tells the user why (Restricted Mode) and returns false. */
  requireDocker(what: string): boolean;
  executeCommand(id: string, ...args: unknown[]): PromiseLike<unknown>;
  openFile(path: string): PromiseLike<unknown>;
  now?(): number;
  window?: WindowMinutes;
  /** Persistence of fault bands across reloads (workspaceState). */
  bands?: { load(): FaultBand[]; save(bands: FaultBand[]): void };
  /** Every stack status read, so the tree and status bar follow the dashboard's polls. */
  onStatus?(services: ServiceStatus[]): void;
  /** Window changes, so the panel can persist them. */
  onWindow?(window: WindowMinutes): void;
  /** A fault was injected and its verify proved it active (the walkthrough's "break it" step). */
  onFaultVerified?(faultId: string): void;
  /** The services the lab declares: those without a container yet are listed as "not created". */
  declaredServices?(): readonly string[];
  /** Bound of one poll round (default TICK_TIMEOUT_MS). */
  tickTimeoutMs?: number;
}
