// The learner's workspace: starting a lab (copy + git baseline), one commit per checker attempt.
export * from './paths';
export * from './labFiles';
export * from './startLab';
export * from './attemptCommit';
export * from './gitCommit';
export * from './baseline';
export * from './resetLab';
export * from './checkAttempt';
