// Assessment mode: a timed incident with a hidden fault, a diagnosis, a fix, a postmortem, a scored report,
// and re-verification by a reviewer.
export * from './types';
export * from './spec';
export * from './scenario';
export * from './record';
export * from './locks';
export * from './incident';
export * from './driverProcess';
export * from './driverMain';
export * from './lifecycle';
export * from './score';
export * from './report';
export * from './bundle';
export * from './verify';
