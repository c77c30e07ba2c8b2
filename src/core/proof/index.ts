// Lint rules, the Docker proof of a lab, its ledger and the CI planner.
export { lintRules } from './rules';
export { proveLab, proofCases, proofWorkspace, judge, describeExpectation } from './prove';
export type { ProofCase, ProofOutcome, ProveOptions } from './prove';
export { ledgerOf, ledgerPath, proofInputs, readLedger, writeLedger, LEDGER_FILE } from './ledger';
export type { LedgerRead, ProofInputs, ProofLedger } from './ledger';
export { labChanged, overBudget, planProofs, proofRunNumber, ROTATION } from './plan';
export type { LabPlan, ProofPlan } from './plan';
