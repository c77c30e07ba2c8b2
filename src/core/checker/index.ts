// The checker: scenario runner (load + fault timeline), check evaluation and reports.
export { runCheck, CheckRunError, waitHealthy } from './run';
export { assembleCheckStack, SETTINGS_FILE } from './checkStack';
export type { CheckStack, IgnoredChange, AppliedSetting } from './checkStack';
export type { CheckOptions } from './run';
export type { CheckMode, CheckResult, LoadSummary, RunReport, TimelineRecord } from './types';
export { parseDuration, modeDuration, promRange } from './duration';
export { substitute, promqlEvaluation, checkWindow } from './substitute';
export type { Span, FaultPeriod, PromqlEvaluation } from './substitute';
export { planTimeline, TimelineRun, realClock } from './timeline';
export type { Clock, PlannedStep, TimelineHooks } from './timeline';
export { loadUrl, startLoad, readRun, stopLoad, waitForLoad, checkSummary } from './load';
export type { LoadRun } from './load';
export { constraintId, evaluateConstraints, SERVICES_CONSTRAINT_ID } from './constraints';
export { writeReport, reportMarkdown, checkLine, resultLines, formatValue, reportStamp } from './report';
export { builtServices, needsBuild } from './build';
