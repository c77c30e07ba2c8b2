// Chart colours from VS Code's theme variables (light, dark, high contrast), re-read when the theme changes.
import { themeFromVariables, type Theme } from './palette';

export type { Theme } from './palette';

export function readTheme(): Theme {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => root.getPropertyValue(name).trim() || body.getPropertyValue(name).trim() || fallback;
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return themeFromVariables(v, highContrast);
}

/** Calls `onChange` when VS Code switches the theme (it changes the body's classes). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(() => onChange()).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
