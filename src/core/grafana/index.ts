export * from './dashboard';
export * from './open';
