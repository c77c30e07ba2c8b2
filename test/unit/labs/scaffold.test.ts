// `breakfix new <id>`: the scaffold is a lab on the kit that lints clean as it is (schema, references,
// ports on 127.0.0.1, writeup sections, the mutant's patch applies to the solution and touches only
// learner files), and it never overwrites.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalogue } from '../../../src/core/labs/catalogue';
import { scaffoldLab } from '../../../src/core/labs/scaffold';
import { lintRules } from '../../../src/core/proof/rules';
import { runCli, tempCli } from '../cli/tempCli';

describe('breakfix new: a lab scaffold on the kit', () => {
  let labs: string;
  beforeEach(() => {
    labs = mkdtempSync(join(tmpdir(), 'breakfix-new-'));
    cpSync(resolve(__dirname, '../../../labs/lab.schema.json'), join(labs, 'lab.schema.json'));
  });
  afterEach(() => rmSync(labs, { recursive: true, force: true }));

  it('lints clean as it is: a lab with kit 1, a learner file, a solution and a mutant patch', async () => {
    const r = scaffoldLab(labs, 'slow-pricing', 41000);
    assert.ok(r.files.includes('mutants/no-fallback.patch') && r.files.includes('solution/fix.patch'), r.files.join(', '));
    const cat = await loadCatalogue(labs);
    assert.deepEqual(cat.problems, []);
    const entry = cat.labs.find((e) => e.lab.id === 'slow-pricing')!;
    assert.equal(entry.lab.kit, 1);
    assert.deepEqual(lintRules(entry), []);
    assert.match(readFileSync(join(r.dir, 'services/app/Dockerfile'), 'utf8'), /^FROM breakfix-lab-kit:1$/m);
    assert.match(readFileSync(join(r.dir, 'compose.yaml'), 'utf8'), /"127\.0\.0\.1:41002:9090"/);
  });

  it('refuses an id that is not one, a port out of range, and an existing folder', () => {
    assert.throws(() => scaffoldLab(labs, 'Bad_Id', 41000), /"Bad_Id" is not a lab id: use lowercase words joined by hyphens/);
    assert.throws(() => scaffoldLab(labs, 'ok-id', 80), /--port must be a whole number from 1024 to 65533/);
    scaffoldLab(labs, 'ok-id', 41000);
    assert.throws(() => scaffoldLab(labs, 'ok-id', 41000), /ok-id already exists: pick another id/);
  });

  it('from the CLI: creates the folder and says what to do next; a taken id is a usage error', async () => {
    const cli = await tempCli();
    const r = runCli(cli, ['new', 'hot-keys', '--port', '42000'], { labsDir: labs });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created .*hot-keys: 14 files \(ports 42000–42002 on 127\.0\.0\.1\)/);
    assert.match(r.stdout, /breakfix lint --prove hot-keys/);
    const again = runCli(cli, ['new', 'hot-keys'], { labsDir: labs });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
  });
});
