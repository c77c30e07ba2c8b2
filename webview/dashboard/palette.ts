// Chart colours and line styles for a theme, from its variables (light, dark, high contrast). Pure: no DOM,
// unit-tested in Node (theme.ts reads the variables from the document).

export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  /** Dashes of the gridlines ([] solid). */
  gridDash: number[];
  /** Width of the data lines, px. */
  lineWidth: number;
  fontFamily: string;
  fontSize: number;
  series: string[];
  bandActive: string;
  bandPast: string;
  bandFailed: string;
  highContrast: boolean;
}

/** A theme variable's value, or `fallback` when the theme does not define it. */
export type ThemeVariable = (name: string, fallback: string) => string;

/**
 * The chart colours for a theme, from its variables. Pure. High contrast themes have no muted border colour:
 * their gridlines are the foreground, faint and dashed, and the data lines are wider, so the grid does not
 * compete with the data (the contrast border, bright and solid, did).
 */
export function themeFromVariables(v: ThemeVariable, highContrast: boolean): Theme {
  const foreground = v('--vscode-foreground', highContrast ? '#ffffff' : '#cccccc');
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: highContrast ? withAlpha(foreground, 0.3) : v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    gridDash: highContrast ? [2, 4] : [],
    lineWidth: highContrast ? 2 : 1.5,
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13px')) || 13,
    series: [
      v('--vscode-charts-blue', '#3794ff'),
      v('--vscode-charts-orange', '#d18616'),
      v('--vscode-charts-green', '#89d185'),
      v('--vscode-charts-purple', '#b180d7'),
      v('--vscode-charts-yellow', '#cca700'),
      v('--vscode-charts-red', '#f14c4c'),
    ],
    bandActive: v('--vscode-charts-red', '#f14c4c'),
    bandPast: v('--vscode-charts-orange', '#d18616'),
    bandFailed: v('--vscode-charts-yellow', '#cca700'),
    highContrast,
  };
}

/** "#rgb", "#rrggbb" or "#rrggbbaa" as rgba() with `alpha`; another notation as a neutral grey at `alpha`. */
export function withAlpha(color: string, alpha: number): string {
  let hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim())?.[1];
  if (hex?.length === 3) hex = [...hex].map((c) => c + c).join('');
  if (!hex || (hex.length !== 6 && hex.length !== 8)) return `rgba(128, 128, 128, ${alpha})`;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex!.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
