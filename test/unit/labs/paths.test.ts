// Issue 14, item 4: every path field of lab.yaml stays inside its lab. learnerFiles, writeup.template and
// proof.mutants[].overlay (now .patch) accepted `..` (another lab's files, /etc/passwd) and lint said "valid".
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseLab } from '../../../src/core/labs/validate';

const dir = resolve(__dirname, '../../../labs/notification-retry-storm');
const file = join(dir, 'lab.yaml');
const text = readFileSync(file, 'utf8');

type Problem = { where: string; message: string; hint: string };
function problemsWith(from: string, to: string): Problem[] {
  assert.ok(text.includes(from), `lab 1's lab.yaml has "${from}"`);
  const r = parseLab(text.replace(from, to), file, dir);
  return r.ok ? [] : r.problems;
}

describe('lab.yaml: paths stay inside the lab', () => {
  const learner = "  - services/worker/src/*.js\n";
  const escapes: [string, string, string][] = [
    ['learnerFiles: a parent folder', learner, "  - ../transactional-outbox/services/relay/src/*.js\n"],
    ['learnerFiles: deep traversal', learner, "  - ../../../../etc/passwd\n"],
    ['learnerFiles: an exclusion that leaves', learner, "  - services/worker/src/*.js\n  - '!../x/*.js'\n"],
    ['learnerFiles: an absolute path', learner, "  - /etc/passwd\n"],
    ['learnerFiles: a Windows drive', learner, "  - 'C:/Windows/win.ini'\n"],
    ['learnerFiles: .. in the middle', learner, "  - services/../../x.js\n"],
    ['learnerFiles: a backslash', learner, "  - 'services\\\\..\\\\..\\\\x.js'\n"],
    ['writeup.template: the lab folder itself', 'template: writeup.md', 'template: .'],
    ['writeup.template: another lab', 'template: writeup.md', 'template: ../poison-message-dlq/writeup.md'],
    ['writeup.template: not Markdown', 'template: writeup.md', 'template: compose.yaml'],
    ['proof patch: in a parent folder', 'patch: mutants/no-dlq.patch', 'patch: ../transactional-outbox/mutants/relay-marks-first.patch'],
    ['proof patch: absolute', 'patch: mutants/no-dlq.patch', 'patch: /tmp/x.patch'],
    ['proof patch: not a .patch file', 'patch: mutants/no-dlq.patch', 'patch: mutants/no-dlq'],
  ];
  for (const [name, from, to] of escapes) {
    it(`${name} is a problem at its line, with a fix`, () => {
      const problems = problemsWith(from, to);
      assert.ok(problems.length, `${to.trim()} passed lint`);
      const line = text.slice(0, text.indexOf(from)).split('\n').length;
      const p = problems[0];
      assert.match(p.where, /lab\.yaml:\d+:\d+$/);
      assert.ok(Number(p.where.split(':').at(-2)) >= line, `${p.where} is at or after line ${line}`);
      assert.match(p.message, /has the wrong form/);
      assert.match(p.hint, /Write a path inside the lab folder, relative to it/);
    });
  }
  it('the bundled lab itself, and ordinary relative paths, stay valid', () => {
    assert.equal(parseLab(text, file, dir).ok, true);
    for (const [from, to] of [
      [learner, "  - services/worker/src/**/*.js\n  - '!services/worker/src/gen/*.js'\n  - services/worker/package.json\n"],
      ['template: writeup.md', 'template: docs/postmortem.v2.md'],
      ['overlay: mutants/no-dlq', 'overlay: mutants/no-dlq.v2'],
    ]) {
      const r = parseLab(text.replace(from, to), file, dir);
      assert.equal(r.ok, true, `${to.trim()}: ${JSON.stringify(!r.ok && r.problems)}`);
    }
  });
});
