// Plain-text output helpers: aligned tables and problem lines.
import type { LabProblem } from '../core/labs/types';

export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

export function problemLines(problems: LabProblem[]): string[] {
  return problems.map((p) => `${p.where}: error: ${p.message}\n  hint: ${p.hint}`);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
