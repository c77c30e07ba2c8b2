// Issue 20 §6 "Dark High Contrast inverts emphasis", the chart half: gridlines must not compete with the data.
import * as assert from 'node:assert/strict';
import { themeFromVariables } from '../../../webview/dashboard/palette';

/** What VS Code's Dark High Contrast theme gives a webview (undefined: the theme leaves the colour out). */
const HC_DARK: Record<string, string> = {
  '--vscode-foreground': '#ffffff',
  '--vscode-descriptionForeground': '#ffffffb3',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-contrastActiveBorder': '#f38518',
  '--vscode-editorWidget-border': '#6fc3df',
  '--vscode-panel-border': '#6fc3df',
  '--vscode-editor-background': '#000000',
};
const DARK: Record<string, string> = { '--vscode-foreground': '#cccccc', '--vscode-editorWidget-border': '#454545' };
const vars = (m: Record<string, string>) => (name: string, fallback: string) => m[name] ?? fallback;

/** The alpha of "rgba(r, g, b, a)" or "#rrggbbaa"; 1 for an opaque colour. */
function alpha(color: string): number {
  const rgba = /^rgba\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*([\d.]+)\s*\)$/.exec(color);
  if (rgba) return Number(rgba[1]);
  const hex8 = /^#[0-9a-f]{6}([0-9a-f]{2})$/i.exec(color);
  return hex8 ? parseInt(hex8[1], 16) / 255 : 1;
}

describe('webview: chart theme (issue 20 §6)', () => {
  it('in Dark High Contrast the gridlines recede: faint and dashed, not the border colour the data line has to compete with', () => {
    const t = themeFromVariables(vars(HC_DARK), true);
    assert.notEqual(t.grid.toLowerCase(), HC_DARK['--vscode-contrastBorder'], 'not the contrast border colour');
    assert.ok(alpha(t.grid) <= 0.4, `the grid is faint: ${t.grid}`);
    assert.ok(t.gridDash.length > 0, 'the grid is dashed');
    assert.ok(t.lineWidth >= 2, `the data line is the strongest line: ${t.lineWidth}`);
    for (const c of t.series) assert.notEqual(c, t.grid);
  });

  it('other themes keep their border-coloured, solid grid', () => {
    const t = themeFromVariables(vars(DARK), false);
    assert.equal(t.grid, '#454545');
    assert.deepEqual(t.gridDash, []);
  });
});
