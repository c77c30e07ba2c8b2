// Static lint rules the schema cannot express: references between faults, timeline, checks and proof,
// a check's mistake tag (one of progress/tags.ts), services and ports the stack must publish, the solution's
// patch and the mutants' patches.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { constraintId } from '../checker/constraints';
import { mistakeTagProblem } from '../progress/tags';
import { learnerFileMatcher } from '../labs/learnerFiles';
import type { HttpTarget, LabEntry, LabProblem } from '../labs/types';
import { clampProblem, labYamlLocator } from '../labs/validate';
import { findSection, parseSections, SECTIONS } from '../writeup/sections';
import { composeFileProblems } from './composeRules';
import { patchedTexts, PatchError, textsUnder } from '../labs/patch';
import { SOLUTION_PATCH, solutionTexts } from '../solution';
import { AssessmentSpecError, assessmentSpecPath, hasAssessment, loadAssessmentSpec } from '../assessment/spec';
import { scalingChecks, scalingProblems } from '../scaling/lint';
import { GrafanaError, grafanaDashboardFile, grafanaService, panelParity, readGrafanaDashboard } from '../grafana/dashboard';

type Path = (string | number)[];

export function lintRules(entry: LabEntry): LabProblem[] {
  const file = join(entry.dir, 'lab.yaml');
  const where = labYamlLocator(readFileSync(file, 'utf8'), file);
  const problems: LabProblem[] = [];
  const field = (path: Path) => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
  const add = (path: Path, message: string, hint: string) => {
    problems.push({ labDir: entry.dir, where: where(path), message: `${field(path)}: ${message}`, hint });
  };

  const lab = entry.lab;
  const faultIds = new Set(lab.faults.map((f) => f.id));
  const listFaults = `Faults: ${[...faultIds].join(', ') || '(none)'}.`;
  const compose = composeServices(entry.composeFile);
  const checkTarget = (path: Path, t: HttpTarget) => {
    if (!compose) return;
    const ports = compose.get(t.service);
    if (!ports) add([...path, 'service'], `service "${t.service}" is not in compose.yaml`, `Services: ${[...compose.keys()].join(', ')}.`);
    else if (!ports.includes(t.port)) add([...path, 'port'], `service "${t.service}" does not publish container port ${t.port}`, `Publish it in compose.yaml as "127.0.0.1:HOST:${t.port}" (published: ${ports.join(', ') || 'none'}).`);
  };

  const unknownService = (path: Path, service: string) => {
    if (compose && !compose.has(service)) add(path, `service "${service}" is not in compose.yaml`, `Services: ${[...compose.keys()].join(', ')}.`);
  };
  // Ids are how checks, timelines, proofs and the dashboard refer to things: each one names one thing.
  const duplicates = (list: { id: string }[], path: Path, what: string) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) add([...path, i, 'id'], `${what} id "${x.id}" is used twice`, `Give each ${what} its own id.`);
      seen.add(x.id);
    });
  };
  duplicates(lab.faults, ['faults'], 'fault');
  duplicates(lab.checks, ['checks'], 'check');
  duplicates(lab.panels, ['panels'], 'panel');
  if (lab.proof) duplicates(lab.proof.mutants, ['proof', 'mutants'], 'mutant');

  lab.faults.forEach((f, i) => {
    if (f.verify && 'container' in f.verify) unknownService(['faults', i, 'verify', 'container'], f.verify.container);
    if (f.verify && 'network' in f.verify) unknownService(['faults', i, 'verify', 'network'], f.verify.network);
    if (!f.verify) add(['faults', i], `fault ${f.id} has no verify`, 'Add verify: a probe, container state, network or PromQL condition that proves the fault is active within 5 s.');
    if (f.kind === 'http') {
      checkTarget(['faults', i, 'inject'], f.inject);
      checkTarget(['faults', i, 'revert'], f.revert);
    } else unknownService(['faults', i, 'service'], f.service);
    if (f.verify && 'probe' in f.verify) checkTarget(['faults', i, 'verify', 'probe'], f.verify.probe);
  });

  const timelineFaults = new Set<string>();
  lab.scenario?.timeline.forEach((s, i) => {
    timelineFaults.add(s.fault);
    if (!faultIds.has(s.fault)) add(['scenario', 'timeline', i, 'fault'], `unknown fault "${s.fault}"`, listFaults);
  });
  if (lab.scenario) checkTarget(['scenario', 'load'], { ...lab.scenario.load, path: '/runs' });
  lab.scenario?.reset?.http?.forEach((a, i) => checkTarget(['scenario', 'reset', 'http', i], a));
  lab.scenario?.reset?.restart?.forEach((service, i) => unknownService(['scenario', 'reset', 'restart', i], service));
  lab.learnerSettings?.forEach((s, i) => unknownService(['learnerSettings', i, 'service'], s.service));
  lab.constraints.forEach((c, i) => unknownService(['constraints', i, 'service'], c.service));

  // Not clamped like the rest: the hint is the whole list of mistake tags (the schema keeps a tag to 64 characters).
  const mistakeProblems: LabProblem[] = [];
  lab.checks.forEach((c, i) => {
    if (typeof c.threshold !== 'number') add(['checks', i], `check ${c.id} has no numeric threshold`, 'Add threshold: the number the measured value is compared with.');
    if (c.kind === 'promql' && c.window) {
      if (!faultIds.has(c.window.fault)) add(['checks', i, 'window', 'fault'], `unknown fault "${c.window.fault}"`, listFaults);
      else if (!timelineFaults.has(c.window.fault)) add(['checks', i, 'window', 'fault'], `fault "${c.window.fault}" is not in scenario.timeline, so its window never exists`, 'Add the fault to scenario.timeline or drop the window.');
    }
    const tag = c.mistake === undefined ? undefined : mistakeTagProblem(c.mistake);
    if (tag) mistakeProblems.push({ labDir: entry.dir, where: where(['checks', i, 'mistake']), message: `${field(['checks', i, 'mistake'])}: ${tag.message}`, hint: tag.hint });
    if (c.kind === 'probe') {
      checkTarget(['checks', i, 'probe'], c.probe);
      c.before?.forEach((a, j) => checkTarget(['checks', i, 'before', j], a));
    }
  });
  for (const { check, index } of scalingChecks(lab.checks)) check.setup?.forEach((a, j) => checkTarget(['checks', index, 'setup', j], a));
  scalingProblems(entry).forEach((p) => add(p.path, p.message, p.hint));

  if (lab.proof) {
    const ids = new Set([...lab.checks.map((c) => c.id), ...lab.constraints.map(constraintId)]);
    const listChecks = `Checks: ${[...ids].join(', ')}.`;
    lab.proof.baselineFails.forEach((id, i) => {
      if (!ids.has(id)) add(['proof', 'baselineFails', i], `unknown check "${id}"`, listChecks);
    });
    const baseline = textsUnder(entry.dir);
    const solutionProblems = patchProblems(entry, SOLUTION_PATCH, 'the baseline', baseline);
    solutionProblems.forEach(([message, hint]) => add(['proof'], message, hint));
    // The mutants are written against the solution; when it does not apply, against the baseline.
    const solution = solutionProblems.length ? new Map<string, string>() : solutionTexts(entry);
    const withSolution = (f: string) => solution.get(f) ?? baseline(f);
    lab.proof.mutants.forEach((m, i) => {
      m.fails.forEach((id, j) => {
        if (!ids.has(id)) add(['proof', 'mutants', i, 'fails', j], `unknown check "${id}"`, listChecks);
      });
      patchProblems(entry, m.patch, 'the solution', withSolution).forEach(([message, hint]) => add(['proof', 'mutants', i, 'patch'], message, hint));
    });
  }
  lintWriteup(entry, add);
  grafanaProblems(entry, add);
  return [...[...problems, ...composeFileProblems(entry), ...assessmentProblems(entry)].map(clampProblem), ...mistakeProblems];
}

/** assessment.yaml, when the lab has one: valid, its answer among its root causes, a ticket that names no fault. */
function assessmentProblems(entry: LabEntry): LabProblem[] {
  if (!hasAssessment(entry)) return [];
  try {
    loadAssessmentSpec(entry);
    return [];
  } catch (err) {
    if (!(err instanceof AssessmentSpecError)) throw err;
    return err.problems.map((p) => {
      const at = p.indexOf(': ');
      return { labDir: entry.dir, where: at > 0 ? p.slice(0, at) : assessmentSpecPath(entry), message: at > 0 ? p.slice(at + 2) : p, hint: 'The format is in docs/authoring.md, "Assessment".' };
    });
  }
}

/**
 * A lab patch (the solution's, against the baseline; a mutant's, against the solution) exists, applies
 * exactly, and changes only learner files (anything else a check would never run).
 */
function patchProblems(entry: LabEntry, patch: string, against: string, current: (file: string) => string | undefined): [string, string][] {
  const what = patch === SOLUTION_PATCH ? 'the reference fix' : 'the mutant';
  const write = `Write ${what} as a unified diff against ${against}: \`diff -u --label a/<file> --label b/<file> before after\`, paths relative to the lab (docs/authoring.md).`;
  if (!existsSync(join(entry.dir, patch))) return [[`patch "${patch}" does not exist`, write]];
  let texts: Map<string, string>;
  try {
    texts = patchedTexts(join(entry.dir, patch), current, against);
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    return [[err.message, write]];
  }
  const isLearner = learnerFileMatcher(entry.lab.learnerFiles);
  return [...texts.keys()]
    .filter((f) => !isLearner(f))
    .map((f) => [`${patch} changes ${f}, which is not a learner file, so a check would never run it`, `Change only files that match learnerFiles, or add a pattern that matches ${f}.`]);
}

/** service → published container ports, from compose.yaml; undefined when it cannot be read. */
function composeServices(composeFile: string): Map<string, number[]> | undefined {
  try {
    const doc = parseDocument(readFileSync(composeFile, 'utf8')).toJS() as { services?: Record<string, { ports?: unknown[] } | null> };
    const out = new Map<string, number[]>();
    for (const [name, def] of Object.entries(doc.services ?? {})) {
      out.set(
        name,
        (def?.ports ?? []).map((p) => (typeof p === 'object' && p ? Number((p as { target?: number }).target) : Number(String(p).split('/')[0].split(':').pop()))),
      );
    }
    return out;
  } catch {
    return undefined;
  }
}

/** The writeup template exists and has every section; its key panels are the lab's panels. */
function lintWriteup(entry: LabEntry, add: (path: Path, message: string, hint: string) => void): void {
  const spec = entry.lab.writeup;
  const panels = new Set(entry.lab.panels.map((p) => p.id));
  spec?.keyPanels.forEach((id, i) => {
    if (!panels.has(id)) add(['writeup', 'keyPanels', i], `unknown panel "${id}"`, `Panels: ${[...panels].join(', ')}.`);
  });
  const rel = spec?.template ?? 'writeup.md';
  const file = join(entry.dir, rel);
  if (!spec && !existsSync(file)) return;
  if (!existsSync(file)) {
    add(spec?.template ? ['writeup', 'template'] : ['id'], `the writeup template ${rel} does not exist`, `Create ${rel} with the sections ${SECTIONS.map((s) => `"## ${s}"`).join(', ')}.`);
    return;
  }
  const sections = parseSections(readFileSync(file, 'utf8'));
  const missing = SECTIONS.filter((s) => !findSection(sections, s));
  if (missing.length) add(spec?.template ? ['writeup', 'template'] : ['id'], `${rel} lacks the section(s) ${missing.join(', ')}`, `Add ${missing.map((s) => `"## ${s}"`).join(', ')} with a prompt for the learner under each.`);
}

/** The lab's Grafana dashboard draws every panel of lab.yaml (same query, same title) and nothing else. */
function grafanaProblems(entry: LabEntry, add: (path: Path, message: string, hint: string) => void): void {
  // A lab without Grafana (no grafana profile, no dashboard file: a fresh scaffold) has nothing to compare.
  if (!existsSync(grafanaDashboardFile(entry)) && !safeGrafanaService(entry.composeFile)) return;
  let dash;
  try {
    dash = readGrafanaDashboard(entry);
  } catch (err) {
    if (err instanceof GrafanaError) return add(['panels'], err.message, 'Write grafana/dashboards/<id>.json with one panel per lab.yaml panel (docs/authoring.md).');
    throw err;
  }
  const file = `grafana/dashboards/${entry.lab.id}.json`;
  const p = panelParity(entry.lab.panels, dash);
  for (const m of p.missing) add(['panels', entry.lab.panels.indexOf(m)], `panel ${m.id} is not in ${file}`, `Add a Grafana panel titled "${m.title}" with the same query: Open in Grafana must show what the dashboard shows.`);
  for (const r of p.retitled) add(['panels', entry.lab.panels.indexOf(r.panel), 'title'], `panel ${r.panel.id} is "${r.grafanaTitle}" in ${file}`, 'Give both the same title.');
  for (const x of p.extra) add(['panels'], `${file} has a panel "${x.title}" that is not in lab.yaml's panels`, 'Add it to panels (the dashboard in VS Code draws them) or remove it from the Grafana dashboard.');
}

function safeGrafanaService(composeFile: string) {
  try {
    return grafanaService(composeFile);
  } catch {
    return undefined; // an unreadable compose.yaml is reported by the catalogue
  }
}
