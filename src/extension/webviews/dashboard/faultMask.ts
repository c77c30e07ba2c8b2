// While an assessment of the lab runs, the dashboard shows when a fault is active but not which one: the
// host blanks fault names before anything reaches the webview (the fault list and its inject/heal buttons
// are locked too, so the list is sent empty). Pure; no vscode.
import type { HostMessage } from './protocol';

export const HIDDEN_FAULT_TITLE = 'a fault';

/**
 * The message as the webview may see it during an assessment. `faultIds`: the lab's faults, in order;
 * `why`: the lock's message, shown where the fault list would be.
 */
export function maskFaultNames(msg: HostMessage, faultIds: readonly string[], why: string): HostMessage {
  switch (msg.type) {
    case 'init':
      return { ...msg, faults: [], faultsLocked: why };
    case 'faults':
      return { ...msg, states: [] };
    case 'faultBands':
      return { ...msg, bands: msg.bands.map((b) => ({ ...b, faultId: hiddenId(b.faultId, faultIds), title: HIDDEN_FAULT_TITLE })) };
    default:
      return msg;
  }
}

/** `fault-2`: the fault's place in the lab, not its name. */
function hiddenId(faultId: string, faultIds: readonly string[]): string {
  return `fault-${faultIds.indexOf(faultId) + 1 || 0}`;
}
