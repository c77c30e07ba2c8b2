// The scale proof in the writeup: a table with both throughputs and the ratio, and a bar chart.
import { strict as assert } from 'node:assert';
import { evaluateScaling } from '../../../src/core/scaling/evaluate';
import { scalingChartSvg, scalingTable } from '../../../src/core/scaling/chart';
import { CHECK, side } from './helpers';

const baseline = evaluateScaling(CHECK, side(1, 600, 31), side(3, 600, 30.2));
const fix = evaluateScaling(CHECK, side(1, 600, 15), side(3, 600, 5.5));

describe('scaling: the writeup chart and table', () => {
  it('the table has one row per run with both throughputs, the ratio and the verdict', () => {
    assert.equal(
      scalingTable([{ label: 'baseline', result: baseline }, { label: 'your fix', result: fix }]),
      [
        '| Run | 1 replica | 3 replicas | Ratio | Verdict |',
        '|---|---:|---:|---:|---|',
        '| baseline | 19.4/s | 19.9/s | 1.03 | fail (>= 2) |',
        '| your fix | 40.0/s | 109.1/s | 2.73 | pass (>= 2) |',
        '',
      ].join('\n'),
    );
    assert.equal(scalingTable([]), '');
  });

  it('the SVG has a bar per side with its value, the ratio per run, and the linear-scaling mark', () => {
    const svg = scalingChartSvg([{ label: 'baseline', result: baseline }, { label: 'your fix', result: fix }], 'Orders booked per second, 1 vs 3 consumers');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<rect x=/g) ?? []).length, 4);
    for (const text of ['19.4/s', '19.9/s', '40.0/s', '109.1/s', 'baseline: ratio 1.03', 'your fix: ratio 2.73', '×1', '×3']) assert.ok(svg.includes(text), text);
    assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 2);
    assert.ok(svg.includes('#d62728') && svg.includes('#2ca02c'), 'failing red, passing green');
  });

  it('a side without data is drawn as "no data", titles are escaped', () => {
    const r = evaluateScaling(CHECK, side(1, 600, 15), side(3, null, 5, { note: 'no data' }));
    const svg = scalingChartSvg([{ label: 'a <b>', result: r }], 'x & y');
    assert.ok(svg.includes('no data'));
    assert.ok(svg.includes('x &amp; y') && svg.includes('a &lt;b&gt;'));
  });
});
