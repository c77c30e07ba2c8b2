// The scale proof's plan: defaults from the scenario, the Compose arguments that scale (the stack's own
// `up --scale`), the count restored from compose.yaml, and the time it adds to a check.
import { strict as assert } from 'node:assert';
import { budgetSeconds, composeReplicas, planScaling, scaleArgs, ScalingPlanError } from '../../../src/core/scaling/plan';
import { CHECK, entry } from './helpers';

const COMPOSE = 'services:\n  consumer:\n    image: c\n    deploy: { replicas: 2 }\n  api:\n    image: a\n    scale: 3\n  load:\n    image: l\n';

describe('scaling: the plan', () => {
  it('takes load and drain from the scenario when the check gives none, and the count to restore from compose.yaml', () => {
    const { load: _load, ...noLoad } = CHECK;
    const p = planScaling(entry(), { ...noLoad, timeout: '90s' } as typeof CHECK, COMPOSE);
    assert.deepEqual([p.requests, p.rate, p.until, p.timeoutMs, p.restore, p.sides], [2500, 100, '(max(consumer_pending) + max(consumer_lag)) == 0', 90_000, 2, [1, 3]]);
  });

  it("the check's own load, setup and until win", () => {
    const p = planScaling(entry(), { ...CHECK, until: 'x == 0' }, COMPOSE);
    assert.deepEqual([p.requests, p.rate, p.until, p.setup.length], [600, 200, 'x == 0', 1]);
  });

  it('refuses what cannot run: no load anywhere, no drain condition, bad replicas, a timeout shorter than the load', () => {
    const noScenario = entry({ scenario: undefined });
    const { load: _l, ...noLoad } = CHECK;
    assert.throws(() => planScaling(noScenario, noLoad as typeof CHECK, COMPOSE), (e: Error) => e instanceof ScalingPlanError && /no load/.test(e.message));
    assert.throws(() => planScaling(noScenario, CHECK, COMPOSE), /no until/);
    assert.throws(() => planScaling(entry(), { ...CHECK, replicas: [3, 3] }, COMPOSE), /two whole numbers, the second larger/);
    assert.throws(() => planScaling(entry(), { ...CHECK, replicas: [0, 3] }, COMPOSE), /replicas/);
    assert.throws(() => planScaling(entry(), { ...CHECK, timeout: '2s' }, COMPOSE), /ends before its load does \(600 requests at 200\/s take 3 s\)/);
    assert.throws(() => planScaling(entry(), { ...CHECK, timeout: 'soon' }, COMPOSE), /not a duration/);
  });

  it('reads the replica count: deploy.replicas, else scale, else 1', () => {
    assert.equal(composeReplicas(COMPOSE, 'consumer'), 2);
    assert.equal(composeReplicas(COMPOSE, 'api'), 3);
    assert.equal(composeReplicas(COMPOSE, 'load'), 1);
    assert.equal(composeReplicas('{{{', 'load'), 1);
  });

  it("scales with Compose's own up --scale, touching only that service and building nothing", () => {
    const project = ['-f', '/c/compose.yaml', '-f', '/c/compose.learner.yaml', '--project-directory', '/c', '-p', 'breakfix-demo'];
    assert.deepEqual(scaleArgs(project, 'consumer', 3), [...project, 'up', '-d', '--no-build', '--no-deps', '--no-recreate', '--scale', 'consumer=3', 'consumer']);
  });

  it('budgets two sides (scale, reset, up to the timeout, scrape slack) and the restore', () => {
    assert.equal(budgetSeconds(planScaling(entry(), CHECK, COMPOSE)), 2 * (15 + 5 + 60 + 2) + 15);
  });
});
