// Issue 20 §6 "Accessible names": the fault list's buttons say which fault they act on, keep the keyboard
// focus through an action, and fault state changes are announced. Runs the real module on a fake DOM.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import type { FaultStateView, FaultView } from '../../../src/extension/webviews/dashboard/protocol';
import { accessibleName, installFakeDom, type FakeDocument, type FakeElement } from './fakeDom';

// A browser module (its DOM types are the webview tsconfig's, not this program's): required at run time
// (tsx compiles it), typed here by its shape.
const MODULE = '../../../webview/dashboard/faultList';
type FaultAction = 'inject' | 'revert';
interface FaultList {
  el: FakeElement;
  live: FakeElement;
  update(states: FaultStateView[]): void;
  setDockerUsable(usable: boolean): void;
}
type FaultListClass = new (faults: FaultView[], locked: string | undefined, onAction: (id: string, a: FaultAction) => void) => FaultList;

const FAULTS: FaultView[] = [
  { id: 'outage', title: 'Provider outage', kind: 'http' },
  { id: 'kill', title: 'Kill the worker', kind: 'container' },
];

describe('webview: the fault list (issue 20 §6)', () => {
  let dom: ReturnType<typeof installFakeDom>;
  let FaultList: FaultListClass;
  before(() => {
    dom = installFakeDom();
    ({ FaultList } = require(MODULE) as { FaultList: FaultListClass });
  });
  after(() => dom.restore());

  function mount(faults: FaultView[] = FAULTS) {
    const doc: FakeDocument = dom.document;
    doc.body.replaceChildren();
    const actions: [string, FaultAction][] = [];
    const list = new FaultList(faults, undefined, (id, a) => actions.push([id, a]));
    doc.body.append(list.el, ...(list.live ? [list.live] : []));
    list.setDockerUsable(true);
    const row = (id: string) => list.el.findAll((el) => el.getAttribute('data-fault-id') === id)[0];
    const button = (id: string, action: FaultAction) => row(id).findAll((el) => el.getAttribute('data-action') === action)[0];
    const host = (states: FaultStateView[]) => list.update(states);
    return { doc, list, actions, button, host, live: list.live };
  }

  it("every Inject and Revert button of every lab is named with its fault's title (ARIA)", async () => {
    const catalogue = await loadCatalogue(path.resolve(__dirname, '../../../labs'));
    assert.ok(catalogue.labs.length > 0, 'the labs load');
    let buttons = 0;
    let faultCount = 0;
    for (const e of catalogue.labs) {
      const faults = e.lab.faults.map((f) => ({ id: f.id, title: f.title, kind: f.kind }));
      faultCount += faults.length;
      const { doc, list } = mount(faults);
      const names = new Set<string>();
      for (const f of faults) {
        const row = list.el.findAll((el) => el.getAttribute('data-fault-id') === f.id)[0];
        for (const action of ['inject', 'revert'] as const) {
          const b = row.findAll((el) => el.getAttribute('data-action') === action)[0];
          const name = accessibleName(b, doc);
          assert.ok(name.includes(f.title), `${e.lab.id}: the ${action} button of "${f.title}" is named "${name}"`);
          assert.match(name, action === 'inject' ? /^Inject\b/ : /^Revert\b/, 'the visible label starts the name (WCAG 2.5.3)');
          names.add(name);
          buttons++;
        }
      }
      assert.equal(names.size, faults.length * 2, `${e.lab.id}: every button has its own name`);
    }
    assert.ok(faultCount > 0 && buttons === 2 * faultCount, `${buttons} buttons checked for ${faultCount} faults`);
  });

  it('keeps the focus on the fault through Inject and Revert, never dropping it to <body>', () => {
    const { doc, actions, button, host } = mount();
    const inject = button('outage', 'inject');
    const revert = button('outage', 'revert');
    inject.focus();
    inject.click();
    assert.deepEqual(actions, [['outage', 'inject']]);
    assert.equal(doc.activeElement, inject, 'still on Inject while the inject runs');
    assert.equal(inject.getAttribute('aria-disabled'), 'true', 'a pending button says it is unavailable');
    inject.click();
    assert.equal(actions.length, 1, 'a second click while pending does nothing');

    host([{ id: 'outage', state: 'active', detail: 'outage = true' }]);
    assert.ok(inject.hasAttribute('disabled'), 'Inject is disabled while the fault is active');
    assert.equal(doc.activeElement, revert, 'focus moves to the same fault\'s Revert');

    revert.click();
    assert.equal(doc.activeElement, revert, 'still on Revert while the revert runs');
    host([{ id: 'outage', state: 'inactive' }]);
    assert.equal(doc.activeElement, revert);
    assert.ok(!inject.hasAttribute('disabled'));
  });

  it('announces fault state changes in a polite live region, naming the fault', () => {
    const { live, button, host } = mount();
    assert.ok(live, 'the fault list has a live region');
    assert.equal(live.getAttribute('role'), 'status');
    assert.equal(live.getAttribute('aria-live'), 'polite');
    host([{ id: 'outage', state: 'inactive' }, { id: 'kill', state: 'inactive' }]);
    assert.equal(live.textContent, '', 'nothing changed, nothing said');

    button('outage', 'inject').click();
    assert.match(live.textContent, /Injecting Provider outage/);
    host([{ id: 'outage', state: 'active' }]);
    assert.match(live.textContent, /Provider outage is active/);
    host([{ id: 'kill', state: 'failed', detail: 'worker is running (want exited)' }]);
    assert.match(live.textContent, /Kill the worker failed: worker is running \(want exited\)/);
    button('outage', 'revert').click();
    host([{ id: 'outage', state: 'inactive' }]);
    assert.match(live.textContent, /Provider outage is inactive/);
  });
});
