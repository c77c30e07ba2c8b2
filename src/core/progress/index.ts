// The progress store and what is built on it: notes, hints, attempts, the next-lab suggestion.
export * from './types';
export * from './validate';
export * from './store';
export * from './tags';
export * from './notes';
export * from './mistakes';
export * from './hints';
export * from './attempts';
export * from './next';
export * from './summary';
export * from './status';
export { LockTimeoutError, type LockOptions } from './fileLock';
