// The check area's list of changes in the learner's copy that a check did not run (outside learnerFiles).
import type { NotRunView } from '../../src/extension/webviews/dashboard/protocol';
import { h, icon } from './dom';

export function notRunList(items: NotRunView[]): HTMLElement {
  return h(
    'div',
    { class: 'not-run', 'data-not-run-count': items.length, role: 'note' },
    h('p', {}, icon('info'), ` Not run in this check (${items.length}): a check runs the lab's own stack with only your files to edit from your copy.`),
    h('ul', {}, ...items.map((i) => h('li', { 'data-not-run-file': i.file }, h('code', {}, i.file), ' ', i.detail))),
  );
}
