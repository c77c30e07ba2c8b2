// `breakfix hint`: one new hint per call from the bundled lab.yaml, then all of them again.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { bundledLabs, runCli, tempCli } from './tempCli';

describe('breakfix hint', () => {
  let cli: string;
  let ws: string;
  let lab: { id: string; hints: string[] };
  before(async () => {
    cli = await tempCli();
    lab = (await loadCatalogue(bundledLabs)).labs[0].lab;
    assert.ok(lab.hints.length >= 2, 'the bundled lab has several hints');
  });
  beforeEach(() => (ws = mkdtempSync(join(tmpdir(), 'breakfix-hint-'))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const hint = () => runCli(cli, ['hint', lab.id, '--workspace', ws], { labsDir: bundledLabs });
  const revealed = () => JSON.parse(readFileSync(join(ws, '.breakfix', 'progress.json'), 'utf8')).labs[lab.id].hintsRevealed;

  it('reveals the hints in order, says after the last one that there are no more, then repeats them all', () => {
    const n = lab.hints.length;
    for (let i = 0; i < n; i++) {
      const r = hint();
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines[0], `Hint ${i + 1} of ${n}: ${lab.hints[i]}`);
      if (i < n - 1) assert.equal(lines.length, 1);
      else assert.equal(lines[1], `That was the last hint. The reference solution can be viewed once \`breakfix check ${lab.id}\` passes.`);
      assert.equal(revealed(), i + 1);
    }
    const again = hint();
    assert.deepEqual(again.stdout.trim().split('\n'), [...lab.hints.map((h, i) => `Hint ${i + 1} of ${n}: ${h}`), `No more hints: all ${n} are shown above. The reference solution can be viewed once \`breakfix check ${lab.id}\` passes.`]);
    assert.equal(revealed(), n, 'no count increase after the last hint');
  });

  it('requires a known lab', () => {
    const r = runCli(cli, ['hint', '--workspace', ws], { labsDir: bundledLabs });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing <lab>/);
  });
});
