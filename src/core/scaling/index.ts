// A scale proof (issue 19): a check kind that runs the same load at 1 and N replicas and asserts the
// throughput ratio. The checker runs it in its `scaling` phase (checker/scalingPhase.ts; docs/scaling.md).
export * from './types';
export { evaluateScaling, scalingLines, scalingRatio, throughputOf, describeSide, SHORT_SIDE_SECONDS } from './evaluate';
export { planScaling, composeReplicas, scaleArgs, budgetSeconds, ScalingPlanError, type ScalingPlan } from './plan';
export { measureSide, runScaling, type ScalingIo } from './measure';
export { scalingChartSvg, scalingTable, type ScalingRun } from './chart';
export { scalingChecks, scalingProblems, fixedHostPorts, staticScrapeJobs } from './lint';
