// `breakfix note`: appends a tagged note to .breakfix/progress.json; unknown tags are usage errors.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempCli } from './tempCli';

describe('breakfix note', () => {
  let cli: string;
  let ws: string;
  const notes = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs['tiny-queue'].notes;
  before(async () => (cli = await tempCli()));
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-note-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('appends notes with their tags and says where they went', () => {
    const r = runCli(cli, ['note', 'tiny-queue', 'provider calls x10 during the outage', '--tag', 'retry-without-backoff', '--tag', 'no-backoff-jitter', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Note 1 for tiny-queue saved (tags: retry-without-backoff, no-backoff-jitter) in ${join(ws, '.breakfix', 'progress.json')}. It is in the mistake log.`);
    assert.equal(runCli(cli, ['note', 'tiny-queue', 'second', '--workspace', ws]).code, 0);
    assert.deepEqual(notes().map((n: { text: string; tags: string[] }) => [n.text, n.tags]), [
      ['provider calls x10 during the outage', ['retry-without-backoff', 'no-backoff-jitter']],
      ['second', []],
    ]);
  });

  it('uses the current directory when --workspace is not given', () => {
    const r = runCli(cli, ['note', 'tiny-queue', 'here'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(notes()[0].text, 'here');
  });

  it('an unknown tag is a usage error with a suggestion and the tag list, and writes nothing', () => {
    const r = runCli(cli, ['note', 'tiny-queue', 'x', '--tag', 'hot-partiton', '--workspace', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /breakfix note: unknown tag "hot-partiton". Did you mean "hot-partition"\? Tags:/);
    assert.match(r.stderr, /\n {2}timeout-treated-as-failure +a timeout was taken/);
    assert.match(r.stderr, /Usage: breakfix note <lab> "text" \[--tag T\]\.\.\. \[--workspace DIR\]/);
    assert.deepEqual(readdirSync(ws), [], 'nothing was written');
  });

  it('missing text, an unknown lab and a missing workspace say what is wrong', () => {
    assert.match(runCli(cli, ['note', 'tiny-queue', '--workspace', ws]).stderr, /missing the note text/);
    const lab = runCli(cli, ['note', 'tiny-queu', 'x', '--workspace', ws]);
    assert.equal(lab.code, 2);
    assert.match(lab.stderr, /unknown lab "tiny-queu". Did you mean "tiny-queue"\?/);
    const missing = runCli(cli, ['note', 'tiny-queue', 'x', '--workspace', join(ws, 'nope')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /workspace .*nope is not a folder: pass --workspace with your lab workspace, or run breakfix from it/);
  });

  it('moves a corrupt progress file aside, warns with both names and still saves the note', () => {
    runCli(cli, ['note', 'tiny-queue', 'before', '--workspace', ws]);
    writeFileSync(join(ws, '.breakfix', 'progress.json'), '{"version":1,"labs":');
    const r = runCli(cli, ['note', 'tiny-queue', 'after', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: .*progress\.json was unreadable \(not valid JSON.*\)\. It was moved to .*progress\.json\.corrupt-\S+ and a fresh progress store was started/);
    assert.deepEqual(notes().map((n: { text: string }) => n.text), ['after']);
  });
});
