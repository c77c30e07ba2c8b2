// Issue 14, item 1: one bad lab.yaml never hides the others. Each hostile lab.yaml becomes a problem that
// names its file (and a position when there is one); the valid lab beside it is still listed.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';

const tiny = resolve(__dirname, '../../fixtures/labs/tiny-queue');
const valid = readFileSync(join(tiny, 'lab.yaml'), 'utf8');

/** A labs folder with tiny-queue and one broken lab `bad`, made by `make(dir)`. */
async function withBadLab(make: (dir: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'bf-iso-'));
  try {
    cpSync(tiny, join(root, 'tiny-queue'), { recursive: true });
    const bad = join(root, 'bad');
    cpSync(tiny, bad, { recursive: true });
    rmSync(join(bad, 'lab.yaml'));
    make(bad);
    const cat = await loadCatalogue(root);
    return { cat, file: join(bad, 'lab.yaml') };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const withId = (text: string) => text.replace(/^id: tiny-queue$/m, 'id: bad');

describe('lab catalogue: one bad lab never hides the others', function () {
  this.timeout(20_000);

  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      'an alias bomb',
      (d) => writeFileSync(join(d, 'lab.yaml'), `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`),
      /lab\.yaml:\d+:\d+$/,
    ],
    ['an undefined anchor', (d) => writeFileSync(join(d, 'lab.yaml'), withId(valid) + 'extra: *nowhere\n'), /lab\.yaml:\d+:\d+$/],
    ['a lab.yaml that is a folder', (d) => mkdirSync(join(d, 'lab.yaml')), /lab\.yaml:1:1$/],
    ['a lab.yaml that is a FIFO', (d) => execFileSync('mkfifo', [join(d, 'lab.yaml')]), /lab\.yaml:1:1$/],
    ['a 20 MB lab.yaml', (d) => writeFileSync(join(d, 'lab.yaml'), withId(valid) + `# ${'x'.repeat(20 * 1024 * 1024)}\n`), /lab\.yaml:1:1$/],
  ];
  for (const [name, make, where] of cases) {
    it(`${name}: a problem naming the file, and the other lab still loads`, async () => {
      const { cat, file } = await withBadLab(make);
      assert.deepEqual(cat.labs.map((l) => l.lab.id), ['tiny-queue']);
      const mine = cat.problems.filter((p) => p.where.startsWith(file));
      assert.ok(mine.length >= 1, JSON.stringify(cat.problems));
      for (const p of mine) {
        assert.match(p.where, where);
        assert.ok(p.message.length > 0 && p.message.length < 500, p.message);
        assert.ok(p.hint.length > 0);
      }
    });
  }
});

describe('lab catalogue: a huge value is not printed back in full', () => {
  it('a 500 KB string where a number belongs gives a problem of a few hundred characters', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bf-iso-'));
    try {
      cpSync(tiny, join(root, 'tiny-queue'), { recursive: true });
      cpSync(tiny, join(root, 'huge'), { recursive: true });
      // 500 KB (under the 1 MB file limit) where a number belongs, and a learner file that does not exist.
      assert.ok(valid.includes('threshold: 1 '));
      writeFileSync(join(root, 'huge', 'lab.yaml'), valid.replace(/^id: tiny-queue$/m, 'id: huge').replace('threshold: 1 ', `threshold: "${'z'.repeat(500 * 1024)}" `));
      const cat = await loadCatalogue(root);
      assert.deepEqual(cat.labs.map((l) => l.lab.id), ['tiny-queue']);
      assert.ok(cat.problems.length >= 1);
      for (const p of cat.problems) assert.ok(p.message.length + p.hint.length < 1000, `${p.message.length + p.hint.length} characters: ${p.message.slice(0, 120)}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
