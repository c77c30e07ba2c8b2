// Break/Fix Labs dashboard webview (bundled to dist/webview/dashboard.js, ESM, by esbuild.mjs).
// It never touches the network (CSP has no connect-src): the extension host polls Prometheus and
// posts points. It sends `ready` first, then renders validated host messages only.
//
// Stable test hooks (for the code-server e2e suite and the benchmark); values are strings:
//   #app[data-app-state]           loading | ready | error (error: the text is in #app .fatal)
//   #charts[data-band-count]       the bands layer: fault bands known (active and past, last 30 min)
//   .chart[data-panel-id]          one per lab panel (figure), with
//       data-point-count           points the chart plots in its current window, summed over series
//                                  (updated as points arrive; the canvas repaints when on screen).
//                                  It stops growing once the window is full: points slide out.
//       data-received-count        points received since the webview loaded (only grows; use it
//                                  to prove live data)
//       data-last-time             unix ms of the newest point ("" before any)
//       data-last-value            last non-null raw value of the first series ("" before any)
//       data-status                loading | ok | empty | error | down | stopped
//       data-band-count            fault bands overlapping this chart's window
//   .fault-row[data-fault-id]      one per fault, with data-state inactive | active | failed
//                                  and data-pending inject | revert while an action runs;
//                                  its buttons: [data-action="inject"], [data-action="revert"], named
//                                  "Inject <fault title>" / "Revert <fault title>" (aria-label), with
//                                  aria-disabled="true" (still focusable) while an action runs
//   [data-live="faults"]           polite live region: the last fault state change, in words
//   #banner[data-kind]             restricted | engine | stack-stopped | prometheus-down (hidden if none)
//   [data-action="start-stack"]    the Start button (in the banner when the stack is not running)
//   [data-window="5|15|30"]        window buttons (aria-pressed="true" on the selected one)
//   #stack[data-running]           true | false | unknown; rows .service-row[data-service][data-state][data-health]
//                                  (data-state "not created": a declared service Compose has not created yet)
//   #check[data-check-state]       idle | running | passed | failed | error;
//                                  rows .check-row[data-check-id][data-passed]; [data-action="run-check"],
//                                  [data-action="open-report"]
//   .band-list li[data-band-fault-id][data-open][data-failed]   the fault timeline under the charts
import './dashboard.css';
import { App, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) new App(root, acquireVsCodeApi()).start();
