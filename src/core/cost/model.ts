// The cost model's arithmetic, one home for it: a run's cost block from the measured quantities, its lines as
// text, "before → after" for the writeup, and the PromQL of a live cost rate for the dashboard.
import type { Lab, Panel } from '../labs/types';
import type { CostBlock, CostItem, CostSpec } from './types';

/** The cost of a run: each line's quantity × price, the total, and the total per 1,000 events. */
export function costBlock(spec: CostSpec, quantities: Readonly<Record<string, number | null | undefined>>, events: number | null | undefined): CostBlock {
  const notes: string[] = [];
  const lines = spec.items.map((item) => {
    const q = quantities[item.id];
    const quantity = typeof q === 'number' && Number.isFinite(q) ? Math.max(0, q) : null;
    if (quantity === null) notes.push(`${item.title}: no data, so it is left out of the total`);
    return { id: item.id, title: item.title, unit: item.unit, price: item.price, source: item.source, quantity, cost: quantity === null ? null : quantity * item.price };
  });
  const priced = lines.filter((l) => l.cost !== null);
  const total = priced.length ? priced.reduce((sum, l) => sum + (l.cost as number), 0) : null;
  const count = typeof events === 'number' && Number.isFinite(events) ? events : null;
  let perThousand: number | null = null;
  if (count === null) notes.push(`${spec.events.title}: no data, so there is no cost per 1,000`);
  else if (count <= 0) notes.push(`no ${spec.events.title} in the run, so there is no cost per 1,000`);
  else if (total !== null) perThousand = (total / count) * 1000;
  return { currency: spec.currency, events: { title: spec.events.title, count }, lines, total, perThousand, notes };
}

/** A money amount with enough digits to compare small unit costs: $24.80, $0.0134, $0.00000125. */
export function money(amount: number | null, currency: string): string {
  if (amount === null) return 'no data';
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '€' : `${currency} `;
  const abs = Math.abs(amount);
  // Below 1, three significant digits (a price of $0.00000125 stays exact); from 1 up, cents.
  const text = abs === 0 || abs >= 1 ? abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : abs.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return `${amount < 0 ? '-' : ''}${symbol}${text}`;
}

const count = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The block as Markdown lines: one per priced line (quantity × price = cost), then the total and per 1,000. */
export function costLines(block: CostBlock): string[] {
  const $ = (n: number | null) => money(n, block.currency);
  const lines = block.lines.map((l) =>
    l.quantity === null ? `- ${l.title}: no data` : `- ${l.title}: ${count(l.quantity)} ${plural(l.unit, l.quantity)} × ${$(l.price)} = ${$(l.cost)}`,
  );
  const events = block.events.count === null ? 'no data' : count(block.events.count);
  lines.push(`- Total: ${$(block.total)} for ${events} ${block.events.title}: **${$(block.perThousand)} per 1,000**`);
  return [...lines, ...block.notes.map((n) => `- (${n})`)];
}

function plural(unit: string, n: number): string {
  return n === 1 || /s$/.test(unit) || unit.includes('-') ? unit : `${unit}s`;
}

/** "the baseline cost $X per 1,000 notifications; the fix, $Y (Z× less)", or undefined when either is missing. */
export function costComparison(before: CostBlock | undefined, after: CostBlock | undefined, labels = { before: 'the baseline', after: 'the fix' }): string | undefined {
  if (!before || !after || before.perThousand === null || after.perThousand === null) return undefined;
  const $ = (n: number) => money(n, after.currency);
  const b = before.perThousand;
  const a = after.perThousand;
  const ratio = a > 0 && b > 0 ? (b >= a ? `${(b / a).toFixed(1)}× less` : `${(a / b).toFixed(1)}× more`) : b === a ? 'the same' : a === 0 ? 'nothing' : 'more, from nothing';
  return `${labels.before} cost ${$(b)} per 1,000 ${after.events.title}; ${labels.after}, ${$(a)} (${ratio})`;
}

/**
 * PromQL of the live cost rate (currency per hour) from the PromQL-measured lines: each line's query with
 * `$__run` as `window`, per second, times its price. Undefined when no line is measured by PromQL.
 */
export function costRateQuery(spec: CostSpec, window = '30s'): string | undefined {
  const seconds = durationSeconds(window);
  const terms = spec.items.filter((i): i is CostItem & { query: string } => 'query' in i).map((i) => `(${i.query.replaceAll('$__run', window)}) * ${Number(((i.price * 3600) / seconds).toPrecision(12))}`);
  return terms.length ? terms.map((t) => `(${t} or vector(0))`).join(' + ') : undefined;
}

function durationSeconds(d: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`window must be like 30s, 1m or 1h, not "${d}"`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

export const COST_PANEL_ID = 'cost-rate';

/** A dashboard panel: a lab's own, or the live cost rate a cost model adds (in the currency, per hour). */
export type DashboardPanel = Omit<Panel, 'unit'> & { unit: Panel['unit'] | 'cost-per-hour' };

/** The panels the dashboard charts: the lab's, then its live cost rate when it has a cost model with PromQL lines. */
export function dashboardPanels(lab: Lab): DashboardPanel[] {
  const query = lab.cost && costRateQuery(lab.cost);
  if (!lab.cost || !query) return lab.panels;
  return [...lab.panels, { id: COST_PANEL_ID, title: `Cost rate (${lab.cost.currency} per hour, at the lab's prices)`, query, unit: 'cost-per-hour' }];
}
