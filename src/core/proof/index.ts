// Proof of a lab: static lint rules, and `lint --prove` (baseline fails, solution passes, mutants fail).
export { lintRules } from './rules';
export { proveLab, proofCases, proofWorkspace, applyOverlay, judge, describeExpectation } from './prove';
export type { ProofCase, ProofOutcome, ProveOptions } from './prove';
