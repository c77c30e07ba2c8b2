// Issue 20 §6 "chart headers keep showing the last value while there is no data": a chart's caption (and
// legend) show the newest value only while the data are live. The real ChartPanel on a fake DOM (no canvas:
// the chart itself is never mounted; an off-screen panel writes its text as points arrive).
import * as assert from 'node:assert/strict';
import type { SeriesPoints } from '../../../src/extension/webviews/dashboard/protocol';
import type { Theme } from '../../../webview/dashboard/palette';
import { type FakeElement, installFakeDom } from './fakeDom';

// A browser module (its DOM types are the webview tsconfig's, not this program's): required at run time
// (tsx compiles it), typed here by its shape.
const MODULE = '../../../webview/dashboard/chartPanel';
interface ChartPanel {
  el: FakeElement;
  visible: boolean;
  addPoints(series: SeriesPoints[], end: number, replace: boolean): void;
  setError(message: string): void;
  setNotice(notice: { status: 'down' | 'stopped'; text: string } | undefined): void;
}
type ChartPanelClass = new (info: { id: string; title: string; unit: 'seconds' }, window: 5, theme: Theme, onDirty: () => void) => ChartPanel;

const THEME: Theme = {
  foreground: '#fff',
  muted: '#999',
  grid: '#444',
  gridDash: [],
  lineWidth: 1.5,
  fontFamily: 'sans-serif',
  fontSize: 13,
  series: ['#3794ff', '#d18616'],
  bandActive: '#f14c4c',
  bandPast: '#d18616',
  bandFailed: '#cca700',
  highContrast: false,
};

const NOW = 1_700_000_000_000;

describe('webview: a chart panel\'s caption (issue 20 §6)', () => {
  let dom: ReturnType<typeof installFakeDom>;
  let ChartPanel: ChartPanelClass;
  before(() => {
    dom = installFakeDom();
    ({ ChartPanel } = require(MODULE) as { ChartPanel: ChartPanelClass });
  });
  after(() => dom.restore());

  function panel() {
    const p = new ChartPanel({ id: 'latency', title: 'API p95 latency', unit: 'seconds' }, 5, THEME, () => {});
    p.visible = false; // off screen: text is written as data arrive, no canvas needed
    const el = p.el;
    const caption = () => el.findAll((x) => x.getAttribute('class') === 'chart-value')[0].textContent;
    const legendValues = () => el.findAll((x) => x.getAttribute('class') === 'legend-value').map((x) => x.textContent);
    return { p, caption, legendValues };
  }

  it('shows the newest value while data are live', () => {
    const { p, caption } = panel();
    p.addPoints([{ label: '', points: [[NOW - 1000, 0.2], [NOW, 0.5]] }], NOW, true);
    assert.equal(caption(), '500 ms');
  });

  it('shows no value once the stack stops, or Prometheus is down, and again when data return', () => {
    const { p, caption } = panel();
    p.addPoints([{ label: '', points: [[NOW, 0.5]] }], NOW, true);
    p.setNotice({ status: 'stopped', text: 'Stack not running: start it to see live data.' });
    assert.equal(caption(), '–', 'no stale "500 ms" beside a stopped stack');
    p.setNotice({ status: 'down', text: 'no data: Prometheus at http://127.0.0.1:19090 not reachable' });
    assert.equal(caption(), '–');
    p.setNotice(undefined);
    p.addPoints([{ label: '', points: [[NOW + 1000, 0.25]] }], NOW + 1000, false);
    assert.equal(caption(), '250 ms');
  });

  it('shows no value while its query fails', () => {
    const { p, caption } = panel();
    p.addPoints([{ label: '', points: [[NOW, 0.5]] }], NOW, true);
    p.setError('parse error at char 3');
    assert.equal(caption(), '–');
  });

  it('shows no value when the newest point is a gap (no data now), not the last value before it', () => {
    const { p, caption } = panel();
    p.addPoints([{ label: '', points: [[NOW - 1000, 0.5], [NOW, null]] }], NOW, true);
    assert.equal(caption(), '–');
    const multi = panel();
    multi.p.addPoints(
      [
        { label: 'outcome=error', points: [[NOW - 1000, 3], [NOW, null]] },
        { label: 'outcome=ok', points: [[NOW - 1000, 5], [NOW, 7]] },
      ],
      NOW,
      true,
    );
    assert.deepEqual(multi.legendValues(), ['–', '7 s'], 'per series in the legend');
    multi.p.setNotice({ status: 'stopped', text: 'Stack not running' });
    assert.deepEqual(multi.legendValues(), ['–', '–']);
  });
});
