// One lab panel as a chart.js line chart: time axis, sliding window, unit-formatted axis and
// tooltip, fault bands behind the lines. Data arrive as new points only; they are kept in plain
// arrays and, at render time, capped to the canvas width into reused point objects.
import {
  Chart,
  Decimation,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import type { FaultBand, PanelUnit, SeriesPoints, WindowMinutes } from '../../src/extension/webviews/dashboard/protocol';
import { tickStepMinutes, Y_AXIS_WIDTH_PX } from './axis';
import { bandsInWindow } from './bands';
import { bandsPlugin, setBandState } from './bandsPlugin';
import { h, setAttr, setText } from './dom';
import { downsampleInto, lowerBound, type XY } from './downsample';
import type { Renderable } from './scheduler';
import type { Theme } from './theme';
import { formatTick, formatValue } from './units';

Chart.register(LineController, LineElement, PointElement, LinearScale, TimeScale, Tooltip, Decimation);

export type PanelStatus = 'loading' | 'ok' | 'empty' | 'error' | 'down' | 'stopped';

interface Series {
  label: string;
  xs: number[];
  ys: (number | null)[];
  /** What chart.js draws: reused objects, rewritten at each render. */
  data: XY[];
}

/** "outcome=ok" → "ok" (one label); several labels stay as they are. */
function legendText(label: string): string {
  const m = /^[^=,]+=([^,]*)$/.exec(label);
  return m ? m[1] : label;
}

export interface PanelInfo {
  id: string;
  title: string;
  unit: PanelUnit;
}

export class ChartPanel implements Renderable {
  readonly el: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLElement;
  private readonly valueEl: HTMLElement;
  private readonly legend: HTMLElement;
  private chart?: Chart<'line', XY[]>;
  private series: Series[] = [];
  private end = 0;
  private status: PanelStatus = 'loading';
  private error?: string;
  /** Dashboard-wide reason there is no live data (stack stopped, Prometheus down), shown over the chart. */
  private notice?: { status: 'down' | 'stopped'; text: string };
  private bands: readonly FaultBand[] = [];
  private legendStale = true;
  /** Points received since the webview loaded (monotonic; a window change or replay adds the resent ones). */
  private received = 0;
  private lastTime = 0;
  visible = true;

  constructor(
    readonly info: PanelInfo,
    private window: WindowMinutes,
    private theme: Theme,
    private readonly onDirty: (p: ChartPanel) => void,
  ) {
    this.canvas = h('canvas', { role: 'img', 'aria-label': `${info.title} chart` });
    this.overlay = h('div', { class: 'chart-overlay', role: 'status' });
    this.valueEl = h('span', { class: 'chart-value' });
    this.legend = h('div', { class: 'chart-legend', hidden: true });
    this.el = h(
      'figure',
      {
        class: 'chart',
        'data-panel-id': info.id,
        'data-status': 'loading',
        'data-point-count': 0,
        'data-received-count': 0,
        'data-last-time': '',
        'data-last-value': '',
        'data-band-count': 0,
      },
      h('figcaption', {}, h('span', { class: 'chart-title', title: info.title }, info.title), this.valueEl),
      this.legend,
      h('div', { class: 'chart-box' }, this.canvas, this.overlay),
    );
    this.updateOverlay();
  }

  /** Creates the chart once the element is in the document (chart.js measures its container). */
  mount(): void {
    if (this.chart) return;
    this.chart = new Chart(this.canvas, this.config());
    setBandState(this.chart, { bands: this.bands, theme: this.theme });
    this.onDirty(this);
  }

  private config(): ChartConfiguration<'line', XY[]> {
    const t = this.theme;
    const unit = this.info.unit;
    const { min, max } = this.range();
    return {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        events: ['mousemove', 'mouseout'],
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 4, hoverRadius: 3 }, line: { borderWidth: t.lineWidth, tension: 0 } },
        font: { family: t.fontFamily, size: t.fontSize - 2 },
        color: t.muted,
        scales: {
          x: {
            type: 'time',
            min,
            max,
            time: { unit: 'minute', tooltipFormat: 'HH:mm:ss', displayFormats: { minute: 'HH:mm' } },
            ticks: { stepSize: tickStepMinutes(this.window, 320), maxRotation: 0, autoSkip: false, sampleSize: 4, color: t.muted },
            grid: { color: t.grid, drawTicks: false },
            border: { color: t.grid, dash: t.gridDash },
          },
          y: {
            beginAtZero: true,
            ticks: { maxTicksLimit: 5, autoSkip: false, sampleSize: 5, color: t.muted, callback: (v) => formatTick(Number(v), unit) },
            grid: { color: t.grid, drawTicks: false },
            border: { display: false, dash: t.gridDash },
            afterFit: (scale) => {
              scale.width = Y_AXIS_WIDTH_PX;
            },
          },
        },
        plugins: {
          legend: { display: false },
          decimation: { enabled: true, algorithm: 'min-max' },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ? item.dataset.label + ': ' : ''}${formatValue(item.parsed.y, unit)}`,
            },
          },
        },
      },
      plugins: [bandsPlugin],
    };
  }

  private range(): { min: number; max: number } {
    const max = this.end || Date.now();
    return { min: max - this.window * 60_000, max };
  }

  /**
   * The x axis: the window, narrowed to the data while the data covers less than the window (a stack
   * that started a minute ago fills its chart instead of its last fifth), but never below one minute.
   */
  private displayRange(): { min: number; max: number } {
    const { min, max } = this.range();
    let first = Infinity;
    for (const s of this.series) {
      const i = lowerBound(s.xs, min);
      if (i < s.xs.length && s.xs[i] < first) first = s.xs[i];
    }
    return { min: Math.max(min, Math.min(first, max - 60_000)), max };
  }

  /** New points from the host (or all of them, with `replace`). */
  addPoints(series: SeriesPoints[], end: number, replace: boolean): void {
    if (replace) {
      this.series = [];
      this.legendStale = true;
    }
    if (end > this.end) this.end = end;
    const min = this.range().min;
    for (const s of series) {
      let target = this.series.find((x) => x.label === s.label);
      if (!target) {
        target = { label: s.label, xs: [], ys: [], data: [] };
        this.series.push(target);
        this.series.sort((a, b) => a.label.localeCompare(b.label));
        this.legendStale = true;
      }
      const { xs, ys } = target;
      for (const [t, v] of s.points) {
        if (xs.length && t <= xs[xs.length - 1]) continue;
        xs.push(t);
        ys.push(v);
        this.received++;
        if (t > this.lastTime) this.lastTime = t;
      }
    }
    // Drop what slid out of the window (kept a little longer than needed, trimmed in batches).
    for (const s of this.series) {
      const cut = lowerBound(s.xs, min);
      if (cut > 64 || (cut > 0 && cut === s.xs.length)) {
        s.xs.splice(0, cut);
        s.ys.splice(0, cut);
      }
    }
    this.status = this.pointCount() > 0 ? 'ok' : 'empty';
    this.error = undefined;
    // An off-screen chart does not render until it scrolls into view: keep its caption and legend
    // current here. On screen they are written with the canvas, once per rendered frame.
    if (!this.visible) this.updateText();
    this.updateAttributes();
    this.updateOverlay();
    this.onDirty(this);
  }

  setError(message: string): void {
    this.status = 'error';
    this.error = message;
    this.updateText();
    this.updateAttributes();
    this.updateOverlay();
  }

  setNotice(notice: { status: 'down' | 'stopped'; text: string } | undefined): void {
    if (notice?.text === this.notice?.text && notice?.status === this.notice?.status) return;
    this.notice = notice;
    this.updateText();
    this.updateAttributes();
    this.updateOverlay();
  }

  /** A new window: the host resends everything for it; until then the chart is empty and loading. */
  setWindow(window: WindowMinutes): void {
    if (window === this.window) return;
    this.window = window;
    this.series = [];
    this.legendStale = true;
    this.renderLegend();
    this.updateValues();
    this.status = 'loading';
    this.updateAttributes();
    this.updateOverlay();
    this.onDirty(this);
  }

  setBands(bands: readonly FaultBand[]): void {
    this.bands = bands;
    if (this.chart) setBandState(this.chart, { bands, theme: this.theme });
    this.updateAttributes();
    this.onDirty(this);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.chart) {
      this.chart.destroy();
      this.chart = undefined;
      this.mount();
    }
  }

  /** Points within the window, over all series (what the chart plots). */
  pointCount(): number {
    const min = this.range().min;
    let n = 0;
    for (const s of this.series) n += s.xs.length - lowerBound(s.xs, min);
    return n;
  }

  /** Last non-null value of the first series. */
  lastValue(): number | null {
    const s = this.series[0];
    if (!s) return null;
    for (let i = s.ys.length - 1; i >= 0; i--) if (s.ys[i] !== null) return s.ys[i];
    return null;
  }

  private displayStatus(): PanelStatus {
    if (this.notice && (this.status === 'loading' || this.status === 'empty' || this.notice.status === 'down' || this.pointCount() === 0)) return this.notice.status;
    return this.status;
  }

  private updateAttributes(): void {
    const last = this.lastValue();
    setAttr(this.el, 'data-status', this.displayStatus());
    setAttr(this.el, 'data-point-count', this.pointCount());
    setAttr(this.el, 'data-last-value', last === null ? '' : String(last));
    setAttr(this.el, 'data-received-count', this.received);
    setAttr(this.el, 'data-last-time', this.lastTime || '');
    const { min, max } = this.range();
    setAttr(this.el, 'data-band-count', bandsInWindow(this.bands, min, max).length);
  }

  private updateOverlay(): void {
    let text = '';
    let stale = false;
    const has = this.pointCount() > 0;
    if (this.notice) {
      text = this.notice.text;
      stale = has;
    } else if (this.status === 'error') {
      text = `Query failed: ${this.error ?? 'unknown error'}`;
      stale = has;
    } else if (this.status === 'loading') text = 'Loading…';
    else if (this.status === 'empty') text = 'No data yet: the query returned no series for this window.';
    setText(this.overlay, text);
    this.overlay.hidden = !text;
    this.overlay.classList.toggle('stale', stale);
    this.overlay.classList.toggle('error', this.status === 'error' || this.notice?.status === 'down');
  }

  /** Called by the frame scheduler: one chart per frame. */
  render(): void {
    const chart = this.chart;
    if (!chart) return;
    const { min, max } = this.displayRange();
    const area = chart.chartArea;
    // Cap to the plot width: at most one point per 2 px (a min and a max per 4 px bucket, so spikes stay).
    const width = area ? area.right - area.left : this.canvas.clientWidth || 600;
    const maxPoints = Math.max(32, Math.floor(width / 2));
    const datasets = chart.data.datasets;
    if (datasets.length !== this.series.length || this.series.some((s, i) => datasets[i].label !== s.label)) {
      chart.data.datasets = this.series.map((s, i) => ({
        label: s.label,
        data: s.data,
        borderColor: this.theme.series[i % this.theme.series.length],
        backgroundColor: this.theme.series[i % this.theme.series.length],
        spanGaps: false,
      }));
    }
    for (const s of this.series) {
      const from = lowerBound(s.xs, min);
      downsampleInto(s.xs, s.ys, from, s.xs.length, maxPoints, s.data);
    }
    const x = chart.options.scales!.x!;
    x.min = min;
    x.max = max;
    if (x.ticks) (x.ticks as { stepSize?: number }).stepSize = tickStepMinutes((max - min) / 60_000, width);
    chart.update('none');
    this.updateText();
  }

  private updateText(): void {
    if (this.legendStale) this.renderLegend();
    this.updateValues();
  }

  private renderLegend(): void {
    this.legendStale = false;
    const multi = this.series.length > 1 || (this.series.length === 1 && this.series[0].label !== '');
    this.legend.hidden = !multi;
    this.legend.replaceChildren(
      ...this.series.map((s, i) =>
        h(
          'span',
          { class: 'legend-item', 'data-series': s.label },
          h('span', { class: 'legend-swatch', 'data-color-index': i % this.theme.series.length }),
          h('span', { class: 'legend-label', title: s.label }, legendText(s.label) || this.info.title),
          h('span', { class: 'legend-value' }),
        ),
      ),
    );
  }

  /**
   * One series: its value now in the caption; several: each in the legend. "Now" is the newest step any
   * series has, and only while the data are live: no value ("–") while the stack is stopped, Prometheus is
   * down or the query fails, nor for a series whose newest step is a gap or that has no sample at it.
   */
  private updateValues(): void {
    const live = !this.notice && this.status === 'ok';
    let now = -Infinity;
    for (const s of this.series) if (s.xs.length) now = Math.max(now, s.xs[s.xs.length - 1]);
    const value = (s: Series) => formatValue(live && s.xs[s.xs.length - 1] === now ? s.ys[s.ys.length - 1] : null, this.info.unit);
    setText(this.valueEl, this.legend.hidden && this.series.length === 1 ? value(this.series[0]) : '');
    if (this.legend.hidden) return;
    const items = this.legend.children;
    this.series.forEach((s, i) => {
      const item = items[i];
      if (item) setText(item.lastElementChild!, value(s));
    });
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
