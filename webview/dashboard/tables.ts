// The dashboard's lists and tables, built from host data: the stack's services, a check's results and the
// fault timeline. DOM only (text goes in as text), no state.
import type { CheckResultView, FaultBand, ServiceView } from '../../src/extension/webviews/dashboard/protocol';
import { h, icon } from './dom';
import { formatMeasured, formatThreshold } from './units';

export function servicesTable(services: readonly ServiceView[]): HTMLElement {
  return h(
    'table',
    { class: 'services' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Service'), h('th', {}, 'State'), h('th', {}, 'Health'))),
    h(
      'tbody',
      {},
      ...services.map((x) =>
        h(
          'tr',
          { class: 'service-row', 'data-service': x.service, 'data-state': x.state, 'data-health': x.health },
          h('td', {}, x.service),
          h('td', {}, icon(x.state === 'running' ? 'circle-filled' : x.state === 'paused' ? 'debug-pause' : 'circle-outline'), ` ${x.state}`),
          h('td', {}, x.health === 'none' ? '—' : x.health),
        ),
      ),
    ),
  );
}

export function checkResultsTable(results: readonly CheckResultView[]): HTMLElement {
  const rows = results.map((r) =>
    h(
      'tr',
      { class: 'check-row', 'data-check-id': r.id, 'data-passed': r.passed ? 'true' : 'false' },
      h('td', {}, h('vscode-badge', { class: r.passed ? 'pass' : 'fail' }, r.passed ? 'pass' : 'fail')),
      h('td', { title: r.source ?? '' }, r.title, r.note ? h('div', { class: 'muted' }, r.note) : null),
      h('td', { class: 'num' }, formatMeasured(r.measured, r.unit)),
      h('td', { class: 'num muted' }, formatThreshold(r.op, r.threshold, r.unit)),
    ),
  );
  const head = h('tr', {}, h('th', {}, ''), h('th', {}, 'Check'), h('th', { class: 'num' }, 'Measured'), h('th', { class: 'num' }, 'Threshold'));
  return h('table', { class: 'checks' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

/** The fault timeline under the charts: newest first, each band's fault, span and whether verify failed. */
export function faultTimelineItems(bands: readonly FaultBand[]): HTMLElement[] {
  if (!bands.length) return [h('li', { class: 'muted' }, 'No fault injected in the last 30 minutes.')];
  const fmt = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return [...bands]
    .sort((a, b) => b.start - a.start)
    .map((b) =>
      h(
        'li',
        { 'data-band-fault-id': b.faultId, 'data-open': b.end === undefined ? 'true' : 'false', 'data-failed': b.failed ? 'true' : 'false' },
        h('span', { class: `band-swatch ${b.failed ? 'failed' : b.end === undefined ? 'active' : 'past'}` }),
        h('span', {}, b.title),
        h('span', { class: 'muted' }, ` ${fmt(b.start)} → ${b.end === undefined ? 'now' : fmt(b.end)}${b.failed ? ' (verify failed)' : ''}`),
      ),
    );
}
