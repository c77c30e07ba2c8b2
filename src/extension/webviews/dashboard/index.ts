// The dashboard webview host. The checker reaches an open dashboard through dashboards(ctx).postCheck,
// with messages made by checkProgressFromLog / checkResultsFromReport.
export { dashboards, DashboardManager } from './manager';
export { checkProgressFromLog, checkResultsFromReport } from './check';
export type { CheckMessage } from './check';
