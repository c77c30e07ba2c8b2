// A scale proof (issue 19): a check kind that runs the same load at 1 and N replicas and asserts the
// throughput ratio. Designed and unit-tested; not yet called by checker/run.ts (docs/scaling.md).
export * from './types';
export { evaluateScaling, scalingLines, scalingRatio, throughputOf, describeSide, SHORT_SIDE_SECONDS } from './evaluate';
export { planScaling, composeReplicas, scaleArgs, budgetSeconds, ScalingPlanError, type ScalingPlan } from './plan';
export { measureSide, runScaling, type ScalingIo } from './measure';
export { scalingChartSvg, scalingTable, type ScalingRun } from './chart';
export { scalingChecks, scalingProblems, fixedHostPorts, staticScrapeJobs, SCALING_WIRED } from './lint';
