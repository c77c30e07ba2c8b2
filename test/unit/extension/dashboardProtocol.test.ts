// Host side of the dashboard protocol: webview messages are validated on arrival; time windows and
// query steps line up; the buffer hands out only new points; the CSP is closed.
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, dashboardHtml, makeNonce } from '../../../src/extension/webviews/dashboard/html';
import { isWebviewPersistedState, parseWebviewMessage } from '../../../src/extension/webviews/dashboard/protocol';
import { PanelBuffer, seriesLabel, toPoint } from '../../../src/extension/webviews/dashboard/seriesBuffer';
import { EVAL_LAG_SECONDS, nextRange, stepSeconds, windowStartMs } from '../../../src/extension/webviews/dashboard/timeWindow';

describe('dashboard host: webview message guards', () => {
  it('accepts every webview message', () => {
    const ok: unknown[] = [
      { type: 'ready' },
      { type: 'setWindow', minutes: 30 },
      { type: 'injectFault', faultId: 'provider-outage' },
      { type: 'revertFault', faultId: 'provider-outage' },
      { type: 'startStack' },
      { type: 'runCheck' },
      { type: 'runCheck', mode: 'full' },
      { type: 'openReport', path: '/w/.breakfix/runs/1/report.md' },
    ];
    for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m);
  });

  it('drops extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', evil: true }), { type: 'ready' });
  });

  it('refuses malformed messages', () => {
    for (const m of [
      undefined,
      null,
      'ready',
      [],
      { type: 'shutdown' },
      { type: 'setWindow', minutes: 10 },
      { type: 'setWindow', minutes: '5' },
      { type: 'injectFault' },
      { type: 'injectFault', faultId: '' },
      { type: 'injectFault', faultId: 42 },
      { type: 'runCheck', mode: 'slow' },
      { type: 'openReport', path: '' },
    ]) {
      assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('validates the persisted webview state the serializer gets back', () => {
    assert.ok(isWebviewPersistedState({ labId: 'lab', window: 15, tab: 'faults' }));
    assert.ok(!isWebviewPersistedState({ labId: 'lab', window: 7 }));
    assert.ok(!isWebviewPersistedState({ window: 5 }));
    assert.ok(!isWebviewPersistedState(undefined));
  });
});

describe('dashboard host: time window and step alignment', () => {
  it('steps: 1 s for 5 min, 2 s for 15 min, 3 s for 30 min (300 to 600 points)', () => {
    assert.deepEqual([stepSeconds(5), stepSeconds(15), stepSeconds(30)], [1, 2, 3]);
  });

  it('a first query covers the whole window, on the step grid, a little behind now', () => {
    const now = 1_700_000_000_500; // ms
    for (const w of [5, 15, 30] as const) {
      const r = nextRange(now, w)!;
      assert.equal(r.step, stepSeconds(w));
      assert.equal(r.end % r.step, 0, 'end on the step grid');
      assert.equal(r.start % r.step, 0, 'start on the step grid');
      assert.equal(r.end - r.start, w * 60);
      assert.ok(r.end <= now / 1000 - EVAL_LAG_SECONDS && r.end > now / 1000 - EVAL_LAG_SECONDS - r.step);
    }
  });

  it('the next query starts one step after the last one: only new points', () => {
    const t = 1_700_000_000_000;
    const first = nextRange(t, 30)!;
    assert.equal(nextRange(t + 1000, 30, first.end), undefined, 'nothing new within one step');
    const next = nextRange(t + 3000, 30, first.end)!;
    assert.equal(next.start, first.end + 3);
    assert.ok(next.end >= next.start);
    assert.equal((next.end - first.end) % 3, 0, 'same grid as before');
  });

  it('after a long pause it never asks for more than the window', () => {
    const t = 1_700_000_000_000;
    const first = nextRange(t, 5)!;
    const later = nextRange(t + 3_600_000, 5, first.end)!;
    assert.equal(later.end - later.start, 300);
  });

  it('windowStartMs', () => assert.equal(windowStartMs(1_000_000, 15), 1_000_000 - 900_000));
});

describe('dashboard host: series buffer', () => {
  it('labels series by their labels (without __name__), sorted', () => {
    assert.equal(seriesLabel({}), '');
    assert.equal(seriesLabel({ __name__: 'x', outcome: 'ok' }), 'outcome=ok');
    assert.equal(seriesLabel({ z: '1', a: '2' }), 'a=2, z=1');
  });

  it('converts seconds to ms and NaN/Inf to null', () => {
    assert.deepEqual(toPoint([1.5, 2]), [1500, 2]);
    assert.deepEqual(toPoint([1, NaN]), [1000, null]);
    assert.deepEqual(toPoint([1, Infinity]), [1000, null]);
  });

  it('merge returns only points later than those already held, per series', () => {
    const b = new PanelBuffer();
    const first = b.merge([
      { labels: { outcome: 'ok' }, values: [[1, 1], [2, 2], [3, 3]] },
      { labels: { outcome: 'error' }, values: [[2, 9]] },
    ]);
    assert.deepEqual(first, [
      { label: 'outcome=ok', points: [[1000, 1], [2000, 2], [3000, 3]] },
      { label: 'outcome=error', points: [[2000, 9]] },
    ]);
    // An overlapping answer (Prometheus re-evaluating the last step) yields only what is new.
    const second = b.merge([
      { labels: { outcome: 'ok' }, values: [[3, 3], [4, 4]] },
      { labels: { outcome: 'error' }, values: [[2, 9]] },
      { labels: { outcome: 'timeout' }, values: [[4, 1]] },
    ]);
    assert.deepEqual(second, [
      { label: 'outcome=ok', points: [[4000, 4]] },
      { label: 'outcome=timeout', points: [[4000, 1]] },
    ]);
    assert.equal(b.pointCount, 6);
  });

  it('trims to the window and replays a copy of what it holds', () => {
    const b = new PanelBuffer();
    b.merge([{ labels: {}, values: [[1, 1], [2, 2], [3, 3]] }, { labels: { a: '1' }, values: [[1, 5]] }]);
    b.trim(2000);
    const snap = b.snapshot();
    assert.deepEqual(snap, [{ label: '', points: [[2000, 2], [3000, 3]] }]);
    b.merge([{ labels: {}, values: [[4, 4]] }]);
    assert.equal(snap[0].points.length, 2, 'a snapshot is not changed by later merges');
    b.cursor = 4;
    b.reset();
    assert.equal(b.pointCount, 0);
    assert.equal(b.cursor, undefined);
  });
});

describe('dashboard host: HTML and Content Security Policy', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';
  const nonce = makeNonce();
  const csp = contentSecurityPolicy(source, nonce);
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

  it('nonces are fresh and long', () => {
    assert.match(nonce, /^[0-9a-f]{32}$/);
    assert.notEqual(makeNonce(), nonce);
  });

  it("default-src 'none'; scripts by nonce only; no connect-src", () => {
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.ok(!directives.has('connect-src'), 'the webview never talks to the network');
    assert.deepEqual(directives.get('style-src'), [source, `'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('font-src'), [source]);
    assert.deepEqual(directives.get('img-src'), [source, 'data:']);
  });

  it('allows nothing remote or unsafe', () => {
    assert.ok(!/unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/.test(csp.replace(source, '')), csp);
  });

  it('the HTML carries the CSP, loads only the given webview URIs, and nonces its one script', () => {
    const html = dashboardHtml({
      cspSource: source,
      nonce,
      scriptUri: `${source}/ext/dist/webview/dashboard.js`,
      styleUri: `${source}/ext/dist/webview/dashboard.css`,
      codiconUri: `${source}/ext/dist/webview/codicon.css`,
      title: 'Dashboard: <b>Lab</b>',
    });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`));
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`) && scripts[0].includes('type="module"'));
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(urls.length, 3);
    for (const u of urls) assert.ok(u.startsWith(`${source}/ext/dist/webview/`), u);
    assert.ok(html.includes('Dashboard: &lt;b&gt;Lab&lt;/b&gt;'), 'the title is escaped');
    assert.ok(html.includes('id="vscode-codicon-stylesheet"'), 'vscode-icon finds codicons by this id');
  });
});
