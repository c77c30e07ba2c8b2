// The writeup: locked until a pass; created from the template with the learner's measured evidence
// (before/after table, fault timeline, SVG charts, diff stat); validated per section; kept on refresh.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLab, loadCatalogue } from '../../../src/core/labs/catalogue';
import type { LabEntry } from '../../../src/core/labs/types';
import { readProgress, recordCheckAttempt } from '../../../src/core/progress';
import { startLab } from '../../../src/core/workspace';
import { checkWriteup, citedMeasurements, createWriteup, EVIDENCE_END, exportPortfolio, parseSections, prose, WriteupLockedError, words } from '../../../src/core/writeup';
import { fixtureLabs } from '../cli/tempCli';
import { isolateGit } from '../workspace/gitEnv';
import { evaluateScaling } from '../../../src/core/scaling/evaluate';
import type { RunReport } from '../../../src/core/checker/types';
import { CHECK as SCALING_CHECK, side } from '../scaling/helpers';
import { fakeRun } from './fakeRun';

const ID = 'tiny-queue';
const para = (topic: string) =>
  `In this ${topic} I describe in my own words what happened during the run, what the panels showed while the queue was paused, ` +
  `why the worker behaved the way it did, and what I would tell a colleague who has to operate this system tomorrow morning without me around.`;

function fill(text: string, metric: string): string {
  return text
    .replace('What did users see?', para('symptom'))
    .replace('Why did it happen?', para('root cause'))
    .replace('Which metric showed it? Give the numbers before and after.', `${para('metric')} Duplicates went from 1,234 to zero.` + (metric ? ` ${metric}` : ''))
    .replace('What did you change?', para('fix'))
    .replace('What did it cost?', para('tradeoff'))
    .replace('Tell the story in five sentences.', para('narrative'));
}

describe('writeup: locked until a pass, pre-filled with evidence, validated', () => {
  let ws: string;
  let entry: LabEntry;
  let restore: () => void;
  before(() => (restore = isolateGit()));
  after(() => restore());
  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'breakfix-writeup-'));
    entry = findLab(await loadCatalogue(fixtureLabs), ID)!;
    await startLab(entry, ws);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  async function failThenPass() {
    await recordCheckAttempt(ws, fakeRun(ws, ID, 1, false), entry.lab);
    appendFileSync(join(ws, 'labs', ID, 'README.md'), '\nthe fix\n');
    await recordCheckAttempt(ws, fakeRun(ws, ID, 2, true), entry.lab);
  }

  it('is locked before a pass, and says how to unlock it', async () => {
    await recordCheckAttempt(ws, fakeRun(ws, ID, 1, false), entry.lab);
    await assert.rejects(createWriteup(entry, ws), (e: Error) => e instanceof WriteupLockedError && /locked until its checker passes/.test(e.message) && /last failed all-up, dupes/.test(e.message));
    await assert.rejects(checkWriteup(entry, ws), WriteupLockedError);
    assert.equal(existsSync(join(ws, 'writeups')), false);
  });

  it('after a pass: template sections, before/after of every check, fault timeline, SVG charts and the diff stat', async () => {
    await failThenPass();
    const r = await createWriteup(entry, ws);
    assert.equal(r.created, true);
    const text = readFileSync(r.file, 'utf8');
    assert.deepEqual(parseSections(text).map((s) => s.title), ['Symptom', 'Root cause', 'Metric', 'Fix', 'Tradeoff', 'Interview narrative']);
    assert.match(text, /Date: \d{4}-\d{2}-\d{2}/);
    assert.match(text, /\| \*\*dupes\*\*: No duplicates \| `==` 0 \| ✘ 1234 \| ✔ 0 \|/);
    assert.match(text, /\| \*\*all-up\*\*: All targets up \| `==` 1 \| ✘ 0\.75 \| ✔ 1 \|/);
    assert.match(text, /attempt 1, .*attempt 2/s);
    assert.match(text, /\| pause-queue \| \+5\.0 s \| \+15\.0 s \| container queue is paused \|/);
    assert.match(text, /!\[Targets up\]\(tiny-queue\/up\.svg\)/);
    assert.match(text, /labs\/tiny-queue\/README\.md \| 2 \+\+/);
    assert.deepEqual(r.charts, [join(ws, 'writeups', ID, 'up.svg')]);
    const svg = readFileSync(r.charts[0], 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<path d="M[\d.,LM]+"/, 'the series is drawn as a path');
    assert.match(svg, />pause-queue</, 'the fault period is labelled');
  });

  it('a scale proof in the runs: a table of both throughputs and the ratio (before beside after), its bar chart and its lines', async () => {
    /** The run as runCheck writes it, with a scale proof's result: `scaled` processed at 3 replicas against 600 at 1. */
    const withProof = (r: RunReport, scaled: number) => {
      r.checks.push(evaluateScaling(SCALING_CHECK, side(1, 600, 30), side(3, scaled, 10)));
      writeFileSync(r.files!.json, JSON.stringify(r));
      return r;
    };
    await recordCheckAttempt(ws, withProof(fakeRun(ws, ID, 1, false), 200), entry.lab);
    appendFileSync(join(ws, 'labs', ID, 'README.md'), '\nthe fix\n');
    await recordCheckAttempt(ws, withProof(fakeRun(ws, ID, 2, true), 660), entry.lab);
    const r = await createWriteup(entry, ws);
    const text = readFileSync(r.file, 'utf8');
    assert.match(text, /\| \*\*scales-out\*\*: Three consumers [^|]* \| `>=` 2 ratio \| ✘ 1 ratio \| ✔ 3\.3 ratio \|/, 'in the before/after table like any check');
    assert.match(text, /### Scale proof: Three consumers book orders at least twice as fast as one\n\n\| Run \| 1 replica \| 3 replicas \| Ratio \| Verdict \|\n\|---\|---:\|---:\|---:\|---\|\n\| before \| 20\.0\/s \| 20\.0\/s \| 1\.00 \| fail \(>= 2\) \|\n\| after \| 20\.0\/s \| 66\.0\/s \| 3\.30 \| pass \(>= 2\) \|\n/);
    assert.match(text, /!\[Three consumers book orders at least twice as fast as one\]\(tiny-queue\/scaling-scales-out\.svg\)/);
    assert.match(text, /As the passing run measured it:\n\n```text\n✔ scales-out: [^\n]*\n {2}1 replica: 20\/s over 30 s \(600 processed\)\n {2}3 replicas: 66\/s over 10 s \(660 processed\)\n {2}ratio 3\.3 \(must be >= 2\)\n```/);
    const chart = join(ws, 'writeups', ID, 'scaling-scales-out.svg');
    assert.ok(r.charts.includes(chart), JSON.stringify(r.charts));
    const svg = readFileSync(chart, 'utf8');
    for (const label of ['before: ratio 1.00', 'after: ratio 3.30', '66.0/s']) assert.ok(svg.includes(label), label);

    // A throughput of the proof is a measured number the Metric section may cite.
    writeFileSync(r.file, fill(text, 'Three consumers booked 66 orders per second.').replace('1,234', '77'));
    const checked = await checkWriteup(entry, ws);
    assert.deepEqual(checked.problems, []);
    assert.ok(checked.cited.includes(66));
  });

  it('validation: every section needs 40 words of the learner\'s own and Metric a measured number; then the lab is written up', async () => {
    await failThenPass();
    const { file } = await createWriteup(entry, ws);
    const first = await checkWriteup(entry, ws);
    assert.equal(first.ok, false);
    assert.equal(first.problems.length, 7, JSON.stringify(first.problems));
    const root = first.problems.find((p) => p.section === 'Root cause')!;
    assert.equal(root.line, readFileSync(file, 'utf8').split('\n').indexOf('## Root cause') + 1);
    assert.match(root.message, /0 words of your own; write at least 40/);
    assert.ok(first.problems.some((p) => p.section === 'Metric' && /cite at least one number the checker measured/.test(p.message)));

    // 40+ words everywhere, but the only numbers in Metric were not measured: still no citation.
    const created = readFileSync(file, 'utf8');
    writeFileSync(file, fill(created, '').replace('1,234', '77'));
    const uncited = await checkWriteup(entry, ws);
    assert.deepEqual(uncited.problems.map((p) => p.section), ['Metric']);
    assert.equal((await readProgress(ws)).progress.labs[ID]!.status, 'fixed');

    writeFileSync(file, fill(created, 'Client p95 was 9 ms.').replace('1,234', '77'));
    const ok = await checkWriteup(entry, ws);
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.ok, true);
    assert.ok(ok.cited.includes(9));
    assert.ok(ok.words['Fix']! >= 40);
    const lab = (await readProgress(ws)).progress.labs[ID]!;
    assert.equal(lab.status, 'written-up');
    assert.ok(lab.writtenUpAt);
  });

  it('opening it again keeps every word of the learner and regenerates only the evidence', async () => {
    await failThenPass();
    const { file } = await createWriteup(entry, ws);
    const mine = fill(readFileSync(file, 'utf8'), '').replace('tiny-queue/up.svg', 'tiny-queue/up.svg') + '\nP.S. after the evidence.\n';
    writeFileSync(file, mine.replace('| ✔ 0 |', '| edited by hand |'));
    await recordCheckAttempt(ws, fakeRun(ws, ID, 3, true), entry.lab);
    const again = await createWriteup(entry, ws);
    assert.equal(again.created, false);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(para('tradeoff')));
    assert.ok(text.includes('P.S. after the evidence.'));
    assert.ok(!text.includes('edited by hand'), 'the evidence block is regenerated');
    assert.match(text, /attempt 3/);
    assert.equal(text.split(EVIDENCE_END).length, 2, 'one evidence block');
  });

  it('export: an index plus each written-up lab with its writeup, charts and every run report', async () => {
    await failThenPass();
    await assert.rejects(exportPortfolio([entry], ws, join(ws, 'out')), /no lab is written up/);
    const { file } = await createWriteup(entry, ws);
    writeFileSync(file, fill(readFileSync(file, 'utf8'), ''));
    assert.equal((await checkWriteup(entry, ws)).ok, true);
    const out = join(ws, 'portfolio');
    const r = await exportPortfolio([entry], ws, out);
    assert.deepEqual(r.labs, [ID]);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    assert.match(index, /\| \[Tiny queue\]\(tiny-queue\/writeup\.md\) \| beginner \| queues \| 2 attempts; first failed all-up, dupes; passed on attempt 2 \|/);
    const writeup = readFileSync(join(out, ID, 'writeup.md'), 'utf8');
    assert.match(writeup, /!\[Targets up\]\(charts\/up\.svg\)/);
    for (const f of ['charts/up.svg', 'runs/attempt-1-fail.md', 'runs/attempt-1-fail.json', 'runs/attempt-2-pass.md', 'runs/attempt-2-pass.json']) assert.ok(existsSync(join(out, ID, f)), f);
  });

  it('words and citations: prompts, links and rounding', () => {
    assert.deepEqual(words(prose("The worker's retry-loop sent 1,234.5 e-mails (see ![x](a/b.svg) and [the docs](http://x.y/z))")), ['The', "worker's", 'retry-loop', 'sent', '1,234.5', 'e-mails', 'see', 'and', 'the', 'docs']);
    assert.deepEqual(citedMeasurements('p95 went from 971 ms to 12 ms; 0.5 of calls', [0.97123, 0.0121]), [971, 12]);
    assert.deepEqual(citedMeasurements('about 40 words', [0.0121, 3]), []);
  });
});
