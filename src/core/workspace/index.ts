// The learner's workspace: starting a lab (copy + git baseline).
export * from './labFiles';
export * from './startLab';
