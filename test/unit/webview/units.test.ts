import * as assert from 'node:assert/strict';
import { formatThreshold, formatTick, formatValue } from '../../../webview/dashboard/units';

describe('webview: unit formatting', () => {
  it('seconds: µs, ms, s, min, h', () => {
    assert.equal(formatValue(0.0000123, 'seconds'), '12.3 µs');
    assert.equal(formatValue(0.0123, 'seconds'), '12.3 ms');
    assert.equal(formatValue(0.15, 'seconds'), '150 ms');
    assert.equal(formatValue(0, 'seconds'), '0 ms');
    assert.equal(formatValue(1.5, 'seconds'), '1.5 s');
    assert.equal(formatValue(42, 'seconds'), '42 s');
    assert.equal(formatValue(300, 'seconds'), '5 min');
    assert.equal(formatValue(3 * 3600, 'seconds'), '3 h');
  });

  it('a cost per hour keeps three significant digits (the currency is in the panel title)', () => {
    assert.equal(formatValue(97.2, 'cost-per-hour'), '97.2/h');
    assert.equal(formatValue(0.00123, 'cost-per-hour'), '0.00123/h');
  });

  it('req/s, compact above 10k', () => {
    assert.equal(formatValue(250, 'reqps'), '250 req/s');
    assert.equal(formatValue(12.345, 'reqps'), '12.3 req/s');
    assert.equal(formatValue(12_345, 'reqps'), '12.3k req/s');
    assert.equal(formatTick(250, 'reqps'), '250/s');
  });

  it('percent and ratio', () => {
    assert.equal(formatValue(12.5, 'percent'), '12.5%');
    assert.equal(formatValue(0.125, 'ratio'), '12.5%');
    assert.equal(formatValue(1, 'ratio'), '100%');
  });

  it('count and bytes', () => {
    assert.equal(formatValue(7, 'count'), '7');
    assert.equal(formatValue(1234, 'count'), '1234');
    assert.equal(formatValue(2_500_000, 'count'), '2.5M');
    assert.equal(formatValue(512, 'bytes'), '512 B');
    assert.equal(formatValue(1536, 'bytes'), '1.5 KiB');
    assert.equal(formatValue(5 * 1024 ** 3, 'bytes'), '5 GiB');
  });

  it('no value', () => {
    assert.equal(formatValue(null, 'seconds'), '–');
    assert.equal(formatValue(undefined, 'count'), '–');
    assert.equal(formatValue(NaN, 'count'), '–');
    assert.equal(formatValue(Infinity, 'count'), '∞');
  });

  it('thresholds', () => {
    assert.equal(formatThreshold('<', 0.15, 'seconds'), '< 150 ms');
    assert.equal(formatThreshold('==', 0, undefined), '== 0');
  });
});
