// The cost model of a lab (lab.yaml `cost`, issue 19): unit prices, each with where the price comes from and
// what measures the quantity (a PromQL counter over the run, or a probe), and what "per 1,000 events" counts.

/** What measures a quantity: PromQL evaluated at the run's end (`$__run` is the run's range), or a probe's JSON path. */
export type CostMeasure = { query: string } | { probe: { service: string; port: number; path: string }; path: string };

export type CostItem = CostMeasure & {
  id: string;
  title: string;
  /** Price of one unit, in the model's currency (e.g. 0.0009 per email). */
  price: number;
  /** What one unit is: "call", "write", "GB-month". */
  unit: string;
  /** Where the price comes from ("a typical transactional email API's list price per email"). */
  source: string;
};

export interface CostSpec {
  currency: string;
  /** What the cost is divided by: the events the system exists to handle (accepted notifications, orders). */
  events: CostMeasure & { title: string };
  items: CostItem[];
}

/** One priced line of a run: its measured quantity and what it cost (null: no data, so no cost). */
export interface CostLine {
  id: string;
  title: string;
  unit: string;
  price: number;
  source: string;
  quantity: number | null;
  cost: number | null;
}

/** A run's cost, as its report carries it. `perThousand` is the total per 1,000 events. */
export interface CostBlock {
  currency: string;
  events: { title: string; count: number | null };
  lines: CostLine[];
  /** The sum of the lines that have a cost; null when none has. */
  total: number | null;
  perThousand: number | null;
  /** Why a number is missing (no data for a line, no events). */
  notes: string[];
}
