// Chart colours from VS Code's theme variables (light, dark, high contrast), re-read when the theme changes.

export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  fontFamily: string;
  fontSize: number;
  series: string[];
  bandActive: string;
  bandPast: string;
  bandFailed: string;
  highContrast: boolean;
}

export function readTheme(): Theme {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => root.getPropertyValue(name).trim() || body.getPropertyValue(name).trim() || fallback;
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: highContrast ? v('--vscode-contrastBorder', '#6fc3df') : v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
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

/** Calls `onChange` when VS Code switches the theme (it changes the body's classes). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(() => onChange()).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
