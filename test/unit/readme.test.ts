// The README is the marketplace page: its walkthrough names real commands and buttons, and every screenshot
// it shows is committed (and every committed screenshot is shown).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUTTONS, firstLabActions, firstLabBolds, NOT_ACTIONS } from '../support/readmeSteps';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const titles = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.commands as { title: string }[]).map((c) => c.title);

describe('README: the learners\' page', () => {
  it('"Your first lab" names only real commands (by their titles) and dashboard or notification buttons, in the order a learner takes them', () => {
    const unknown = firstLabBolds().filter((b) => !NOT_ACTIONS.includes(b) && !BUTTONS.includes(b) && !titles.includes(b));
    assert.deepEqual(unknown, [], `bold names that are no command title (${titles.join(', ')}) and no known button`);
    const actions = firstLabActions();
    const order = ['Start Lab', 'Start Stack', 'Open Dashboard', 'Inject', 'Run Check', 'Open Writeup', 'Stop Stack'];
    assert.deepEqual(order.map((a) => actions.indexOf(a)), [...order.map((a) => actions.indexOf(a))].sort((x, y) => x - y), `in this order: ${actions.join(' → ')}`);
    assert.ok(!order.some((a) => actions.indexOf(a) < 0), `every one of ${order.join(', ')}`);
  });

  it('finds the bold names of the section only', () => {
    const text = '# X\n**Before**\n## Your first lab\n1. **Start Lab**, then **Run Check**.\n2. **Start Lab** again.\n## Next\n**After**\n';
    assert.deepEqual(firstLabBolds(text), ['Start Lab', 'Run Check']);
  });

  it('every screenshot it shows is committed under media/screenshots/, and every committed one is shown', () => {
    const shown = [...README.matchAll(/\]\((media\/screenshots\/[^)]+)\)/g)].map((m) => m[1]);
    assert.ok(shown.length >= 5, `the tour shows ${shown.length} screenshots`);
    for (const f of shown) assert.ok(existsSync(join(ROOT, f)), `${f} is committed`);
    const committed = readdirSync(join(ROOT, 'media', 'screenshots')).map((f) => `media/screenshots/${f}`);
    assert.deepEqual(committed.filter((f) => !shown.includes(f)), [], 'a screenshot nobody shows');
    for (const m of README.matchAll(/!\[([^\]]*)\]\(media\/screenshots\//g)) assert.ok(m[1].length > 20, `alt text that says what it shows: "${m[1]}"`);
  });

  it('keeps the two set-up commands for developers, and sends contributors to CONTRIBUTING.md', () => {
    assert.match(README, /npm ci && npm start/);
    assert.match(README, /npm ci && npm test/);
    assert.match(README, /\[CONTRIBUTING\.md\]\(CONTRIBUTING\.md\)/);
    assert.ok(existsSync(join(ROOT, 'CONTRIBUTING.md')));
  });
});
