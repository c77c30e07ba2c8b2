// The cost model of a lab (issue 19): prices and measures in lab.yaml `cost`, the arithmetic in model.ts.
export * from './types';
export * from './model';
export * from './measure';
