// Issue 20 §6 "Health reported too early": the status bar, the Labs tree and the stack actions sum up a
// stack against the services the lab declares, not against the containers Compose has made so far.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultServices } from '../../../src/core/labs/composeServices';
import { healthSummary } from '../../../src/extension/stackHealth';

const LAB1 = ['api', 'worker', 'provider', 'load', 'queue', 'db', 'prometheus'];
const up = (service: string, health = 'healthy') => ({ service, state: 'running', health });

describe('stack health summary (issue 20 §6)', () => {
  it('during a start, services Compose has not created yet count as not healthy: 4/7, never 4/4', () => {
    const created = ['queue', 'db', 'prometheus', 'provider'].map((s) => up(s));
    assert.equal(healthSummary(created, LAB1), '4/7 healthy');
    assert.equal(healthSummary([...created, up('api', 'starting')], LAB1), '4/7 healthy');
  });

  it('while stopping, the total stays the lab\'s: 0/7, not 0/4 then 0/3', () => {
    const stopping = ['api', 'worker', 'db', 'queue'].map((service) => ({ service, state: 'exited', health: 'none' }));
    assert.equal(healthSummary(stopping, LAB1), '0/7 healthy');
    assert.equal(healthSummary(stopping.slice(1), LAB1), '0/7 healthy');
  });

  it('all up is all healthy; extra containers (a scaled worker, Grafana by its profile) count too', () => {
    const all = LAB1.map((s) => up(s, s === 'load' ? 'none' : 'healthy'));
    assert.equal(healthSummary(all, LAB1), '7/7 healthy');
    assert.equal(healthSummary([...all, up('worker'), up('grafana')], LAB1), '9/9 healthy');
  });

  it('without a declaration it counts the containers, as before', () => {
    assert.equal(healthSummary([up('a'), up('b', 'starting')]), '1/2 healthy');
  });

  it('a lab declares the services its compose file starts by default (not those behind a profile)', () => {
    const lab1 = defaultServices(path.resolve(__dirname, '../../../labs/notification-retry-storm/compose.yaml'));
    assert.deepEqual([...lab1].sort(), [...LAB1].sort());
    assert.ok(!lab1.includes('grafana'), 'grafana starts only with --profile grafana');
  });
});
