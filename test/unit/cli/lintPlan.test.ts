// `breakfix lint --plan` on the bundled labs: the plan goes to stdout, proves nothing, needs no engine.
import { strict as assert } from 'node:assert';
import { bundledLabs, runCli, tempCli } from './tempCli';

describe('breakfix lint --plan', () => {
  it('prints the run, its rotation slot, each lab\'s cases with the reason, and the minutes', async () => {
    const cli = await tempCli();
    const r = runCli(cli, ['lint', '--plan'], { labsDir: bundledLabs, env: { BREAKFIX_PROOF_RUN: '5', DOCKER_HOST: 'unix:///nonexistent.sock' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[proof\] plan for run 5 \(rotation slot 1 of 4\), about \d+ min:/);
    for (const id of ['notification-retry-storm', 'poison-message-dlq', 'transactional-outbox']) assert.match(r.stdout, new RegExp(`\\[proof\\]   ${id}: (nothing|every case \\(\\d\\)|baseline, solution), \\d+ s: .+`));
    assert.doesNotMatch(r.stdout + r.stderr, /as expected|expectations met/);
  });

  it('--prove over the proof budget fails before it touches an engine, naming the command', async () => {
    const cli = await tempCli();
    const env = { BREAKFIX_PROOF_RUN: '1', BREAKFIX_PROOF_BUDGET_MINUTES: '0.01', DOCKER_HOST: 'unix:///nonexistent.sock', CI: 'true' };
    const r = runCli(cli, ['lint', '--prove'], { labsDir: bundledLabs, env });
    assert.equal(r.code, 1, r.stderr);
    // Either message (plan.test.ts has each): which one depends on whether the bundled ledgers are fresh now.
    assert.match(r.stderr, /lint --prove: the proof plan needs about \d+ min(, | with every ledger fresh, )over the budget of 0\.01 min \(BREAKFIX_PROOF_BUDGET_MINUTES\): (raise the budget|1 lab has a stale ledger|\d+ labs have stale ledgers)/);
    assert.doesNotMatch(r.stderr, /no Docker engine|cannot be skipped/, 'the budget is judged before the engine');
  });

  it('--all without --prove or --plan is a usage error', async () => {
    const r = runCli(await tempCli(), ['lint', '--all'], { labsDir: bundledLabs });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--all goes with --prove or --plan/);
  });
});
