// The webview's guards for host messages: well-formed messages pass, anything else is refused.
import * as assert from 'node:assert/strict';
import type { HostMessage } from '../../../src/extension/webviews/dashboard/protocol';
import { isHostMessage } from '../../../webview/dashboard/validate';

const init: HostMessage = {
  type: 'init',
  lab: { id: 'lab', title: 'Lab', summary: 'S' },
  panels: [{ id: 'p', title: 'P', unit: 'seconds' }],
  faults: [{ id: 'f', title: 'F', kind: 'http', description: 'd' }],
  checks: [{ id: 'c', title: 'C' }],
  window: 15,
  trusted: true,
};

export const VALID: HostMessage[] = [
  init,
  { type: 'points', panelId: 'p', end: 2000, series: [{ label: '', points: [[1000, 1.5], [2000, null]] }] },
  { type: 'points', panelId: 'p', end: 2000, series: [], replace: true },
  { type: 'panelError', panelId: 'p', message: 'bad query' },
  { type: 'prometheusDown', where: 'http://127.0.0.1:19090', message: 'ECONNREFUSED' },
  { type: 'faults', states: [{ id: 'f', state: 'failed', pending: 'revert', detail: 'x' }, { id: 'g', state: 'inactive' }] },
  { type: 'faultBands', bands: [{ faultId: 'f', title: 'F', start: 1, end: 2, failed: true }, { faultId: 'f', title: 'F', start: 3 }] },
  { type: 'stack', running: true, services: [{ service: 'api', state: 'running', health: 'healthy' }] },
  { type: 'stack', running: false, services: [], error: 'Restricted', starting: true },
  { type: 'checkProgress', phase: 'Load', message: '3/10', fraction: 0.3 },
  {
    type: 'checkResults',
    passed: false,
    reportPath: '/w/.breakfix/runs/1/report.md',
    results: [{ id: 'c', title: 'C', passed: false, measured: null, op: '<', threshold: 0.15, unit: 'seconds', source: 'q', note: 'no data' }],
  },
  { type: 'error', message: 'no lab' },
];

describe('webview: host message guards', () => {
  it('accepts every well-formed message', () => {
    for (const m of VALID) assert.ok(isHostMessage(m), JSON.stringify(m));
  });

  it('accepts messages that went through JSON (what postMessage delivers)', () => {
    for (const m of VALID) assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))));
  });

  const invalid: [string, unknown][] = [
    ['not an object', 'init'],
    ['null', null],
    ['an array', [init]],
    ['unknown type', { type: 'explode' }],
    ['init without panels', { ...init, panels: undefined }],
    ['init with a bad unit', { ...init, panels: [{ id: 'p', title: 'P', unit: 'furlongs' }] }],
    ['init with a bad window', { ...init, window: 10 }],
    ['init with a bad fault kind', { ...init, faults: [{ id: 'f', title: 'F', kind: 'magic' }] }],
    ['points with a string value', { type: 'points', panelId: 'p', end: 1, series: [{ label: '', points: [[1, '2']] }] }],
    ['points with NaN time', { type: 'points', panelId: 'p', end: 1, series: [{ label: '', points: [[NaN, 2]] }] }],
    ['points with a 3-tuple', { type: 'points', panelId: 'p', end: 1, series: [{ label: '', points: [[1, 2, 3]] }] }],
    ['points without end', { type: 'points', panelId: 'p', series: [] }],
    ['points with an empty panel id', { type: 'points', panelId: '', end: 1, series: [] }],
    ['a fault state outside the enum', { type: 'faults', states: [{ id: 'f', state: 'exploding' }] }],
    ['a band without start', { type: 'faultBands', bands: [{ faultId: 'f', title: 'F' }] }],
    ['a service with a bad health', { type: 'stack', running: true, services: [{ service: 'a', state: 'running', health: 'great' }] }],
    ['progress above 1', { type: 'checkProgress', phase: 'p', message: 'm', fraction: 1.5 }],
    ['a result with a bad op', { type: 'checkResults', passed: true, results: [{ id: 'c', title: 'C', passed: true, measured: 1, op: '=~', threshold: 1 }] }],
    ['error without message', { type: 'error' }],
  ];
  for (const [what, msg] of invalid) {
    it(`refuses ${what}`, () => assert.equal(isHostMessage(msg), false));
  }
});
