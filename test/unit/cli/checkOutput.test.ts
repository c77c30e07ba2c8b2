// What `breakfix check` prints for a run that completed, over a report the test writes (no engine): the
// integration suite runs a real passing check through the CLI, this covers the failing one's exit code and
// its "N of M checks fail" line, which names each failing check with its measured value and threshold.
import { strict as assert } from 'node:assert';
import { printCheck } from '../../../src/cli/commands/check';
import type { CheckResult, RunReport } from '../../../src/core/checker/types';
import type { RecordedCheck } from '../../../src/core/workspace/checkAttempt';

const check = (over: Partial<CheckResult>): CheckResult => ({ id: 'x', title: 'X', kind: 'promql', pass: true, measured: 1, threshold: 2, op: '<=', unit: 'count', source: 'q', ...over });

function run(checks: CheckResult[], flags: Record<string, unknown> = {}) {
  const failed = checks.filter((c) => !c.pass).map((c) => c.id);
  const report = { lab: 'tiny', verdict: failed.length ? 'fail' : 'pass', failed, checks, files: { md: '/ws/.breakfix/runs/tiny/r.md', json: '/ws/.breakfix/runs/tiny/r.json' } } as unknown as RunReport;
  const recorded: RecordedCheck = { report, attempt: { n: 3, verdict: report.verdict } as RecordedCheck['attempt'], warnings: [] };
  const out: string[] = [];
  const err: string[] = [];
  const code = printCheck({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), flags } as never, recorded);
  return { code, out, err };
}

describe('cli: breakfix check, the verdict it prints', () => {
  it('a failing run exits 1 and says "N of M checks fail", each with what was measured and what was wanted', () => {
    const r = run([
      check({ id: 'outage-calls', pass: false, measured: 823.4, threshold: 5, op: '<=', unit: 'reqps' }),
      check({ id: 'no-duplicates', pass: true, measured: 0, threshold: 0, op: '==' }),
      check({ id: 'p95-enqueue', pass: false, measured: null, threshold: 0.15, op: '<', unit: 'seconds', note: 'no data' }),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /^Attempt 3 recorded \(fail\) in \.breakfix\/progress\.json\.$/m);
    const last = r.err.at(-1)!;
    assert.match(last, /^2 of 3 checks fail: outage-calls \(measured 823\.4\b.*want <= 5\b.*\); p95-enqueue \(measured .*want < 0\.15.*\)\. Report: \/ws\/\.breakfix\/runs\/tiny\/r\.md$/);
    assert.equal(r.out.length, 3, 'one line per check on stdout');
  });

  it('a passing run exits 0 and says so on stdout; with --json the report is stdout and the verdict goes to stderr', () => {
    const ok = run([check({ id: 'a' }), check({ id: 'b' })]);
    assert.equal(ok.code, 0);
    assert.equal(ok.out.at(-1), 'All 2 checks pass. Report: /ws/.breakfix/runs/tiny/r.md');
    const json = run([check({ id: 'a' })], { json: true });
    assert.equal(json.code, 0);
    assert.equal(JSON.parse(json.out.join('\n')).verdict, 'pass');
    assert.equal(json.err.at(-1), 'All 1 checks pass. Report: /ws/.breakfix/runs/tiny/r.md');
  });
});
