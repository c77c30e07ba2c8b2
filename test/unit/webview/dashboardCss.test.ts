// Issue 20 §6, the stylesheet's part, checked by evaluating dashboard.css (no browser here): layouts that
// fit a narrow editor column, the chart notice beside (not over) the y axis, and button emphasis in Dark
// High Contrast resolved through the CSS variables the way the browser resolves them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Y_AXIS_WIDTH_PX } from '../../../webview/dashboard/axis';

const ROOT = path.resolve(__dirname, '../../..');
const CSS = fs.readFileSync(path.join(ROOT, 'webview/dashboard/dashboard.css'), 'utf8');
const BUTTON_CSS = fs.readFileSync(path.join(ROOT, 'node_modules/@vscode-elements/elements/dist/vscode-button/vscode-button.styles.js'), 'utf8');

interface Rule {
  selectors: string[];
  decls: Map<string, string>;
}

/** Flat rules (the dashboard's stylesheet has no at-rules worth evaluating here). */
function parse(css: string): Rule[] {
  const out: Rule[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const d of m[2].split(';')) {
      const i = d.indexOf(':');
      if (i > 0) decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
    }
    out.push({ selectors: m[1].split(',').map((s) => s.trim().replace(/\s+/g, ' ')), decls });
  }
  return out;
}

const RULES = parse(CSS);

/** Declarations of the rules written for exactly `selector`, later ones winning. */
function declsOf(...selectors: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const sel of selectors) for (const r of RULES) if (r.selectors.includes(sel)) for (const [k, v] of r.decls) out.set(k, v);
  return out;
}

/** A length in px: "Npx", "N%" of `basis`, "min(a, b)", "max(a, b)". */
function px(expr: string, basis: number): number {
  const e = expr.trim();
  const fn = /^(min|max)\((.*)\)$/.exec(e);
  if (fn) {
    const args = fn[2].split(',').map((a) => px(a, basis));
    return fn[1] === 'min' ? Math.min(...args) : Math.max(...args);
  }
  if (e.endsWith('%')) return (parseFloat(e) / 100) * basis;
  if (e.endsWith('px') || e === '0') return parseFloat(e);
  throw new Error(`cannot evaluate "${expr}"`);
}

/** The smallest column `repeat(auto-fill, minmax(MIN, 1fr))` allows, in a container `width` px wide. */
function gridMinimum(selector: string, width: number): number {
  const cols = declsOf(selector).get('grid-template-columns') ?? '';
  const m = /minmax\((.+),\s*1fr\)\)$/.exec(cols);
  assert.ok(m, `${selector} grid-template-columns: ${cols}`);
  return px(m[1], width);
}

/** The left offset of an absolutely positioned element, from `left` or the `inset` shorthand. */
function leftOf(decls: Map<string, string>): string {
  const inset = decls.get('inset')?.split(/\s+/);
  const fromInset = inset ? [inset[0], inset[1] ?? inset[0], inset[2] ?? inset[0], inset[3] ?? inset[1] ?? inset[0]][3] : undefined;
  return decls.get('left') ?? fromInset ?? 'auto';
}

describe('webview: dashboard.css (issue 20 §6)', () => {
  const BODY_PADDING = 2 * 12;
  const FAULTS_PADDING = 2 * 2;

  for (const viewport of [271, 421]) {
    it(`at ${viewport} px wide, the fault and chart columns fit the view (no fixed 440/340 px minimum)`, () => {
      const faults = viewport - BODY_PADDING - FAULTS_PADDING;
      assert.ok(gridMinimum('.faults', faults) <= faults, `a fault column needs ${gridMinimum('.faults', faults)} px of ${faults}`);
      const charts = viewport - BODY_PADDING;
      assert.ok(gridMinimum('.charts', charts) <= charts, `a chart column needs ${gridMinimum('.charts', charts)} px of ${charts}`);
    });
  }

  it('wide views keep several columns (the minimums still apply when there is room)', () => {
    assert.equal(gridMinimum('.faults', 1200), 440);
    assert.equal(gridMinimum('.charts', 1200), 340);
  });

  it('a tab panel scrolls what does not fit instead of clipping it (vscode-tab-panel clips by default)', () => {
    const d = declsOf('vscode-tab-panel');
    const overflowX = d.get('overflow-x') ?? d.get('overflow')?.split(/\s+/)[0];
    assert.ok(overflowX === 'auto' || overflowX === 'scroll', `vscode-tab-panel overflow-x: ${overflowX}`);
  });

  it("a fault row wraps its buttons under the fault's name rather than cutting them", () => {
    const row = declsOf('.fault-row');
    assert.equal(row.get('display'), 'flex');
    assert.equal(row.get('flex-wrap'), 'wrap');
    const actions = declsOf('.fault-actions');
    assert.match(actions.get('flex') ?? actions.get('flex-shrink') ?? '', /^(none|0 0 auto|0)$/, 'the buttons never shrink');
  });

  it('the "Stack not running" notice sits over the plot, clear of the y-axis labels', () => {
    assert.equal(leftOf(declsOf('.chart-overlay')), `${Y_AXIS_WIDTH_PX}px`);
    assert.equal(leftOf(declsOf('.chart-overlay', '.chart-overlay.stale')), `${Y_AXIS_WIDTH_PX}px`, 'also the strip over stale data');
  });

  describe('Dark High Contrast button emphasis', () => {
    /** vscode-button's own background and text, per variant, as its shadow styles declare them. */
    function library(variant: 'primary' | 'secondary'): { bg: string; fg: string } {
      const block = variant === 'primary' ? /\n\s*\.base \{([^}]*)\}/.exec(BUTTON_CSS) : /:host\(\[secondary\]\) \.base \{([^}]*)\}/.exec(BUTTON_CSS);
      assert.ok(block, `vscode-button styles: ${variant} .base`);
      const bg = /background-color:\s*([^;]+);/.exec(block[1])![1].trim();
      const fg = /(?:^|\s)color:\s*([^;]+);/.exec(block[1])![1].trim();
      return { bg, fg };
    }

    /** Does a compound selector ("body.x:not(.y)", "vscode-button[secondary]") match this element? */
    function matches(compound: string, el: { tag: string; classes: string[]; attrs: Record<string, string> }): boolean {
      const not = [...compound.matchAll(/:not\(([^)]*)\)/g)];
      let rest = compound.replace(/:not\(([^)]*)\)/g, '');
      for (const n of not) if (matches(n[1], el)) return false;
      const tag = /^[a-z][\w-]*/i.exec(rest)?.[0];
      if (tag && tag !== el.tag) return false;
      rest = rest.slice(tag?.length ?? 0);
      for (const m of rest.matchAll(/\.([\w-]+)|\[([\w-]+)(?:=['"]?([^'"\]]*)['"]?)?\]|(:[\w-]+)/g)) {
        if (m[1] && !el.classes.includes(m[1])) return false;
        if (m[2] && (!(m[2] in el.attrs) || (m[3] !== undefined && el.attrs[m[2]] !== m[3]))) return false;
        if (m[4]) return false; // :hover and friends: not the resting state
      }
      return true;
    }

    /** The custom properties our stylesheet sets on a vscode-button in <body class=…>, by cascade order. */
    function ownVariables(body: { classes: string[]; attrs: Record<string, string> }, secondary: boolean): Map<string, string> {
      const attrs: Record<string, string> = secondary ? { secondary: '' } : {};
      const el = { tag: 'vscode-button', classes: [] as string[], attrs };
      const hits: { spec: number; order: number; decls: Map<string, string> }[] = [];
      RULES.forEach((r, order) => {
        for (const sel of r.selectors) {
          const parts = sel.split(' ');
          const subject = parts.pop()!;
          if (!matches(subject, el)) continue;
          if (!parts.every((p) => matches(p, { tag: 'body', ...body }))) continue;
          const spec = (sel.match(/[.[:]/g) ?? []).length * 10 + parts.length + 1;
          hits.push({ spec, order, decls: r.decls });
        }
      });
      const out = new Map<string, string>();
      for (const h of hits.sort((a, b) => a.spec - b.spec || a.order - b.order)) for (const [k, v] of h.decls) if (k.startsWith('--')) out.set(k, v);
      return out;
    }

    /** Resolves var(--x, fallback) the way CSS does: the element's own value, else the inherited theme's, else the fallback. */
    function resolve(value: string, own: Map<string, string>, theme: Record<string, string>, depth = 0): string {
      assert.ok(depth < 10, 'var() cycle');
      const m = /var\(\s*(--[\w-]+)\s*(?:,\s*(.*))?\)$/.exec(value.trim());
      if (!m) return value.trim().toLowerCase();
      const v = own.get(m[1]) ?? theme[m[1]];
      if (v !== undefined) return resolve(v, own, theme, depth + 1);
      return m[2] === undefined ? 'unset' : resolve(m[2], own, theme, depth + 1);
    }

    const HC_BODY = { classes: ['vscode-high-contrast'], attrs: { 'data-vscode-theme-kind': 'vscode-high-contrast' } };
    const BASE = {
      '--vscode-editor-background': '#000000',
      '--vscode-foreground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
    };
    // VS Code leaves button.secondaryBackground out of Dark HC; button.background is left out too, or (newer
    // builds) the page's black. Either way the selected window and Inject must stand out, the others not.
    const THEMES: Record<string, Record<string, string>> = {
      'without button backgrounds': BASE,
      'with a black button background': { ...BASE, '--vscode-button-background': '#000000', '--vscode-button-hoverBackground': '#000000' },
    };
    const PAGE = '#000000';
    const filled = (c: string) => !['transparent', 'unset', '', PAGE].includes(c) && !/^rgba\(.*,\s*0\)$/.test(c);

    for (const [name, theme] of Object.entries(THEMES)) {
      it(`${name}: the selected window and Inject are filled; unselected windows and Revert are not`, () => {
        const primaryOwn = ownVariables(HC_BODY, false);
        const secondaryOwn = ownVariables(HC_BODY, true);
        const primary = { bg: resolve(library('primary').bg, primaryOwn, theme), fg: resolve(library('primary').fg, primaryOwn, theme) };
        const secondary = { bg: resolve(library('secondary').bg, secondaryOwn, theme), fg: resolve(library('secondary').fg, secondaryOwn, theme) };
        assert.ok(filled(primary.bg), `primary (selected window, Inject) background: ${primary.bg}`);
        assert.ok(!filled(secondary.bg), `secondary (other windows, Revert) background: ${secondary.bg}`);
        assert.notEqual(primary.fg, primary.bg, 'primary text is readable on its fill');
        assert.notEqual(secondary.fg, PAGE, 'secondary text is readable on the page');
      });
    }

    it('other themes are left to VS Code (no button variables set outside Dark High Contrast)', () => {
      assert.equal(ownVariables({ classes: ['vscode-dark'], attrs: { 'data-vscode-theme-kind': 'vscode-dark' } }, false).size, 0);
      assert.equal(ownVariables({ classes: ['vscode-high-contrast', 'vscode-high-contrast-light'], attrs: { 'data-vscode-theme-kind': 'vscode-high-contrast-light' } }, true).size, 0);
    });
  });
});
