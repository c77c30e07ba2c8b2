// The bundle: what the candidate writes is what the reviewer reads; a crafted archive is refused before
// anything runs (no entry is ever written to disk by its name).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { readBundle, writeBundle } from '../../../src/core/assessment/bundle';
import { writeAssessmentReport } from '../../../src/core/assessment/report';
import type { AssessmentReport } from '../../../src/core/assessment/types';
import { verifyBundle, VerifyRefusedError } from '../../../src/core/assessment/verify';
import { lab, tempWorkspace } from './helpers';

const recorded = (): AssessmentReport => JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/assessment/report.json'), 'utf8'));

async function tgz(entries: Record<string, string>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<Buffer>((ok) => p.on('end', () => ok(Buffer.concat(chunks))));
  for (const [name, text] of Object.entries(entries)) p.entry({ name }, text);
  p.finalize();
  return gzipSync(await done);
}

describe('assessment: the bundle', () => {
  it('round-trips the report, the diff and the postmortem', async () => {
    const ws = tempWorkspace('bundle');
    const report = { ...recorded(), diff: '--- a/x\n+++ b/x\n' };
    const files = await writeAssessmentReport(ws, report);
    const out = join(ws, 'b.tgz');
    const bytes = await writeBundle(report, files, out);
    assert.ok(bytes > 0);
    const entries = await readBundle(out);
    assert.deepEqual([...entries.keys()].sort(), ['attempts.json', 'changes.diff', 'report.html', 'report.json', 'report.md', 'writeup.md']);
    assert.deepEqual(JSON.parse(entries.get('report.json')!), report);
    assert.equal(entries.get('changes.diff'), report.diff);
    assert.match(entries.get('report.html')!, /<title>Assessment report: Notification queue retry storm<\/title>/);
    assert.match(entries.get('report.md')!, /\*\*Score: 96\.7 \/ 100\*\*/);
  });

  it('the HTML report escapes the candidate\'s text and loads nothing from outside', async () => {
    const ws = tempWorkspace('bundle');
    const report = recorded();
    report.diagnosis.recorded!.evidence = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const html = readFileSync((await writeAssessmentReport(ws, report)).html, 'utf8');
    assert.ok(!html.includes('<script>') && !html.includes('<img'), 'the evidence is escaped');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.ok(!/\b(src|href)=["']?https?:/.test(html), 'no external resource');
  });

  it('refuses an archive with an entry no bundle has (a path outside, a link), a missing report, or no gzip', async () => {
    const dir = tempWorkspace('bundle');
    const write = async (name: string, entries: Record<string, string>) => {
      const f = join(dir, name);
      writeFileSync(f, await tgz(entries));
      return f;
    };
    await assert.rejects(readBundle(await write('evil.tgz', { 'report.json': '{}', 'changes.diff': '', '../../.bashrc': 'x' })), /holds "\.\.\/\.\.\/\.bashrc" \(file\), which no bundle has/);
    await assert.rejects(readBundle(await write('partial.tgz', { 'changes.diff': '' })), /has no report\.json: it is incomplete/);
    const plain = join(dir, 'plain.tgz');
    writeFileSync(plain, 'not gzip');
    await assert.rejects(readBundle(plain), /is not a gzip archive/);
    await assert.rejects(readBundle(join(dir, 'none.tgz')), /does not exist: give the path of the \.tgz/);
  });

  it('verify refuses a diff that touches anything but the learner files, before running anything', async () => {
    const entry = await lab();
    const dir = tempWorkspace('bundle');
    const diff = '--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,1 +1,1 @@\n-services:\n+services: # mine\n';
    const f = join(dir, 'sneaky.tgz');
    writeFileSync(f, await tgz({ 'report.json': JSON.stringify({ ...recorded(), diff }), 'changes.diff': diff }));
    let engineUsed = false;
    await assert.rejects(
      verifyBundle(f, {
        findLab: (id) => (id === entry.lab.id ? entry : undefined),
        get docker(): never {
          engineUsed = true;
          throw new Error('the engine must not be reached');
        },
      }),
      (err: Error) => err instanceof VerifyRefusedError && /changes files outside the lab's learnerFiles: compose\.yaml/.test(err.message),
    );
    assert.equal(engineUsed, false);
  });

  it('verify refuses a bundle of a lab this installation does not have', async () => {
    const dir = tempWorkspace('bundle');
    const f = join(dir, 'other.tgz');
    const r = recorded();
    r.assessment.lab = 'no-such-lab';
    writeFileSync(f, await tgz({ 'report.json': JSON.stringify(r), 'changes.diff': '' }));
    await assert.rejects(verifyBundle(f, { findLab: () => undefined }), /a lab this installation does not have/);
  });
});
