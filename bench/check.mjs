// npm run bench:check -- --json [--runs N] [--labs a,b]
//
// What a quick check costs beyond its scenario, for each bundled lab, on the real engine. Per lab: one
// warm-up check (builds images, starts the stack: not counted), then --runs counted checks (default 3) of
// the lab's baseline from a started workspace, as a learner checking again would. Figures, as medians:
//   wallSeconds      the check's wall time (runCheck, from call to report)
//   scenarioSeconds  load start → the end of the last check window: the drain's end, the latest
//                    evaluation time of a PromQL check (window end + offset), or when a probe with
//                    `within` read its deciding value. What lab.yaml imposes.
//   overheadSeconds  wall − scenario: assembling the stack, build, up, reset, starting the load,
//                    evaluating, keeping the panels' data, writing the report. Target ≤ 10 s.
//   ratio            wall / scenario, against the named baseline "scenario" (1.0 = no overhead at all)
// Lab stacks use fixed ports: run it alone. Needs `npm run build`. Exit 0 when every lab meets the target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, loadCore, median, repo, runsFlag } from './common.mjs';

const core = loadCore('bench:check');
const json = process.argv.includes('--json');
const runs = runsFlag('bench:check');
const say = (m) => console.error(`[bench:check] ${m}`);
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const TARGET_OVERHEAD_S = 10;

/** Load start → the end of the last check window: the drain's end, a PromQL check's evaluation time, or when
 *  a probe with `within` read its deciding value. */
function scenarioEndMs(entry, report) {
  const start = Date.parse(report.run.start);
  const end = Date.parse(report.run.end);
  const periods = report.timeline
    .filter((t) => t.injectedAt && t.revertedAt)
    .map((t) => ({ fault: t.fault, startMs: Date.parse(t.injectedAt), endMs: Date.parse(t.revertedAt) }));
  let last = end;
  for (const c of entry.lab.checks) {
    if (c.kind === 'promql') last = Math.max(last, core.promqlEvaluation(c, { startMs: start, endMs: end }, periods).timeMs);
    const decided = report.checks.find((r) => r.id === c.id)?.decidedAt;
    if (decided) last = Math.max(last, Date.parse(decided));
  }
  return last;
}

const catalogue = await core.loadCatalogue(join(repo, 'labs'));
const only = flag('labs', '');
const labs = catalogue.labs.filter((e) => !only || only.split(',').includes(e.lab.id));
const result = { runs, targetOverheadSeconds: TARGET_OVERHEAD_S, baseline: 'scenario (load start → end of the last check window)', labs: {} };
let ok = true;
for (const entry of labs) {
  const ws = mkdtempSync(join(tmpdir(), `bf-bench-check-${entry.lab.id}-`));
  const samples = [];
  try {
    await core.startLab(entry, ws);
    await core.stackDown(entry, {}).catch(() => undefined);
    for (let i = -1; i < runs; i++) {
      const t0 = Date.now();
      let report;
      try {
        report = await core.runCheck(entry, { workspaceDir: ws, mode: 'quick' });
      } catch (err) {
        if (!err.report) throw err;
        throw new Error(`${entry.lab.id}: the check could not run: ${err.message}`);
      }
      const wall = (Date.now() - t0) / 1000;
      const scenario = (scenarioEndMs(entry, report) - Date.parse(report.run.start)) / 1000;
      const sample = { wall: round(wall), scenario: round(scenario), overhead: round(wall - scenario), durations: report.durations, rebuilt: report.rebuilt };
      if (i < 0) say(`${entry.lab.id}: warm-up (not counted): wall ${sample.wall} s, rebuilt ${report.rebuilt.join(', ') || 'nothing'}`);
      else {
        samples.push(sample);
        say(`${entry.lab.id}: run ${i + 1}: wall ${sample.wall} s, scenario ${sample.scenario} s, overhead ${sample.overhead} s (${JSON.stringify(report.durations)})`);
      }
    }
  } finally {
    await core.stackDown(entry, {}).catch(() => undefined);
    rmSync(core.checkStackDir(ws, entry.lab.id), { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
  const wall = median(samples.map((s) => s.wall));
  const scenario = median(samples.map((s) => s.scenario));
  const overhead = median(samples.map((s) => s.overhead));
  const met = overhead <= TARGET_OVERHEAD_S;
  ok &&= met;
  result.labs[entry.lab.id] = { wallSeconds: wall, scenarioSeconds: scenario, overheadSeconds: overhead, ratio: round(wall / scenario, 2), met, samples };
}
if (json) console.log(JSON.stringify(result, null, 2));
else for (const [id, r] of Object.entries(result.labs)) console.log(`${id}: wall ${r.wallSeconds} s, scenario ${r.scenarioSeconds} s, overhead ${r.overheadSeconds} s (wall/scenario ${r.ratio})${r.met ? '' : ` — over the ${TARGET_OVERHEAD_S} s target`}`);
process.exit(ok ? 0 : 1);
