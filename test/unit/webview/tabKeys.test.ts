// Issue 20 §6 "Space does not select a tab": the ARIA tabs pattern selects the focused tab with Space as
// well as Enter; vscode-tabs handles Enter only.
import * as assert from 'node:assert/strict';
import { FakeEvent, installFakeDom, type FakeElement } from './fakeDom';

// A browser module (its DOM types are the webview tsconfig's, not this program's): required at run time
// (tsx compiles it), typed here by its shape.
const MODULE = '../../../webview/dashboard/tabKeys';
type SelectTabOnSpace = (tabs: FakeElement, select: (index: number) => void) => void;

describe('webview: tab keys (issue 20 §6)', () => {
  let dom: ReturnType<typeof installFakeDom>;
  before(() => (dom = installFakeDom()));
  after(() => dom.restore());

  function tabs() {
    const { selectTabOnSpace } = require(MODULE) as { selectTabOnSpace: SelectTabOnSpace };
    const doc = dom.document;
    const el = doc.createElement('vscode-tabs');
    const headers = ['faults', 'stack', 'check'].map((t) => {
      const hd = doc.createElement('vscode-tab-header');
      hd.setAttribute('data-tab', t);
      hd.append(doc.createElement('span'), ` ${t}`);
      return hd;
    });
    const panels = headers.map(() => doc.createElement('vscode-tab-panel'));
    headers.forEach((hd, i) => el.append(hd, panels[i]));
    const button = doc.createElement('vscode-button');
    panels[0].append(button);
    doc.body.append(el);
    const selected: number[] = [];
    selectTabOnSpace(el, (i) => selected.push(i));
    return { headers, panels, button, selected };
  }

  const key = (target: FakeElement, k: string) => {
    const e = new FakeEvent('keydown', { key: k });
    target.dispatchEvent(e);
    return e;
  };

  it('Space on a focused tab selects it (and does not scroll the page)', () => {
    const { headers, selected } = tabs();
    const e = key(headers[1], ' ');
    assert.deepEqual(selected, [1]);
    assert.ok(e.defaultPrevented);
    key(headers[2].children[0], ' ');
    assert.deepEqual(selected, [1, 2], 'also from inside the tab (its icon)');
  });

  it('leaves other keys, and Space inside a tab panel, alone', () => {
    const { headers, button, selected } = tabs();
    key(headers[1], 'a');
    const inPanel = key(button, ' ');
    assert.deepEqual(selected, []);
    assert.ok(!inPanel.defaultPrevented, 'Space still presses a button in the panel');
  });
});
