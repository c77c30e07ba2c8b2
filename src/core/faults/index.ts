// Faults: inject, revert and verify each kind (http, container, network) against a lab's running stack.
export { createFaultContext, findFault, defaultNetwork, UnknownFaultError } from './context';
export type { FaultContext } from './context';
export { injectFault, revertFault, revertAll } from './actions';
export { verifyFault, checkVerify, faultStates, FaultNotActiveError, VERIFY_TIMEOUT_MS, VERIFY_INTERVAL_MS } from './verify';
export type { VerifyResult, FaultState } from './verify';
