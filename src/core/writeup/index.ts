// The postmortem writeup: created after a pass with the measured evidence, validated, exported.
export * from './sections';
export * from './runs';
export * from './chart';
export * from './evidence';
export * from './create';
export * from './check';
export * from './export';
