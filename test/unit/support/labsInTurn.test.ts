// The selection the costly real-engine suites (integrity, the e2e walk of the other labs) use.
import { strict as assert } from 'node:assert';
import { labsInTurn } from '../../support/labsInTurn';

const LABS = ['transactional-outbox', 'poison-message-dlq', 'webhook-intake'];
const opts = (env: NodeJS.ProcessEnv) => ({ envVar: 'BREAKFIX_X_LABS', maxChanged: 1, env });

describe('labsInTurn: which labs a costly suite covers this run', () => {
  it('covers every lab within as many consecutive runs as there are labs, from any run number', () => {
    for (const start of [0, 1, 7, 279]) {
      const covered = new Set<string>();
      for (let run = start; run < start + LABS.length; run++) {
        const t = labsInTurn(LABS, opts({ BREAKFIX_PROOF_RUN: String(run) }));
        assert.ok(t.ids.includes([...LABS].sort()[run % LABS.length]), `run ${run}: ${t.why}`);
        assert.match(t.why, new RegExp(`^run ${run}: .*in turn: .*BREAKFIX_X_LABS=all covers all 3`));
        t.ids.forEach((id) => covered.add(id));
      }
      assert.deepEqual([...covered].sort(), [...LABS].sort());
    }
  });

  it('`all` covers every lab; a list covers those; an unknown id is an error naming the choices', () => {
    assert.deepEqual(labsInTurn(LABS, opts({ BREAKFIX_X_LABS: 'all' })).ids, [...LABS].sort());
    assert.deepEqual(labsInTurn(LABS, opts({ BREAKFIX_X_LABS: 'webhook-intake, poison-message-dlq' })).ids, ['poison-message-dlq', 'webhook-intake']);
    assert.throws(() => labsInTurn(LABS, opts({ BREAKFIX_X_LABS: 'nope' })), /BREAKFIX_X_LABS names nope: use all, or some of poison-message-dlq, transactional-outbox, webhook-intake/);
  });

  it('a name that is not a bundled lab is a mistake in the suite, not a silent skip', () => {
    assert.throws(() => labsInTurn(['no-such-lab'], opts({ BREAKFIX_PROOF_RUN: '0' })), /no-such-lab is not a bundled lab/);
  });
});
