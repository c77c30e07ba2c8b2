// What the Assessment view shows. Running: the ticket (symptoms and impact as its children), the time left,
// the phase, the diagnosis (or "Record Diagnosis…"), the submits, and rows for Submit, Open Report and End.
// None running: "Start Assessment…" (and the last one's report, when one ran here).
import * as vscode from 'vscode';
import { formatCountdown, phaseOf, runningFor, secondsLeft } from '../../core/assessment/record';
import type { AssessmentRecord, Phase, Submit } from '../../core/assessment/types';
import { utcClock } from '../assessment/countdown';
import { ticketUri } from '../ticketText';

export type AssessmentNode =
  | { kind: 'ticket'; labId: string; record: AssessmentRecord }
  | { kind: 'symptom'; labId: string; text: string; n: number }
  | { kind: 'impact'; labId: string; text: string }
  | { kind: 'time'; labId: string; record: AssessmentRecord }
  | { kind: 'phase'; labId: string; record: AssessmentRecord }
  | { kind: 'diagnosis'; labId: string; record: AssessmentRecord }
  | { kind: 'submits'; labId: string; submits: Submit[] }
  | { kind: 'submit'; labId: string; submit: Submit }
  | { kind: 'action'; id: string; label: string; icon: string; command: string; tooltip: string; labId?: string }
  | { kind: 'last'; labId: string; record: AssessmentRecord };

const PHASE_TEXT: Record<Phase, string> = {
  diagnose: 'diagnose: find the root cause, then record your diagnosis',
  fix: 'fix: change the code, then Submit',
  postmortem: 'postmortem: write it up (Open Writeup on the lab)',
  ended: 'ended',
};

export const START_ROW: AssessmentNode = {
  kind: 'action',
  id: 'start',
  label: 'Start Assessment…',
  icon: 'play-circle',
  command: 'breakfix.startAssessment',
  tooltip: 'A timed incident on a lab: a ticket, a hidden fault, your diagnosis, your fix, a scored report. Hints and the solution are locked meanwhile.',
};

/** The root rows. `record` is the workspace's record (running or last run), if any. */
export function assessmentRoots(record: AssessmentRecord | undefined): AssessmentNode[] {
  const r = runningFor(record);
  if (!r) return record ? [START_ROW, { kind: 'last', labId: record.lab, record }] : [START_ROW];
  const labId = r.lab;
  return [
    { kind: 'ticket', labId, record: r },
    { kind: 'time', labId, record: r },
    { kind: 'phase', labId, record: r },
    r.diagnosis
      ? { kind: 'diagnosis', labId, record: r }
      : { kind: 'action', id: 'diagnose', label: 'Record Diagnosis…', icon: 'search', command: 'breakfix.recordDiagnosis', tooltip: 'The symptom, the root cause (from a list) and the evidence: which panels and numbers show it.', labId },
    { kind: 'submits', labId, submits: r.submits },
    { kind: 'action', id: 'submit', label: 'Submit…', icon: 'beaker', command: 'breakfix.submitAssessment', tooltip: 'Run the full check on your files and record it as a submit (the incident pauses meanwhile). Submit as often as you like.', labId },
    // The report names the hidden incident's faults: offered once a submit passed or the time is up.
    ...(phaseOf(r) === 'postmortem' ? [{ kind: 'action', id: 'report', label: 'Open Report', icon: 'file-text', command: 'breakfix.openAssessmentReport', tooltip: 'Write the report (Markdown, HTML, JSON) with the score so far, and open it.', labId } as AssessmentNode] : []),
    { kind: 'action', id: 'end', label: 'End Assessment…', icon: 'debug-stop', command: 'breakfix.endAssessment', tooltip: 'End the assessment: the incident stops, the locks lift, no more submits.', labId },
  ];
}

export function assessmentChildren(node: AssessmentNode): AssessmentNode[] {
  if (node.kind === 'ticket') {
    const { ticket } = node.record;
    return [...ticket.symptoms.map((text, i): AssessmentNode => ({ kind: 'symptom', labId: node.labId, text, n: i + 1 })), { kind: 'impact', labId: node.labId, text: ticket.impact }];
  }
  if (node.kind === 'submits') return [...node.submits].reverse().map((submit) => ({ kind: 'submit', labId: node.labId, submit }));
  return [];
}

/** The row of a node; `now` for the time left. */
export function assessmentItem(node: AssessmentNode, now = Date.now()): vscode.TreeItem {
  const None = vscode.TreeItemCollapsibleState.None;
  const item = (label: string, icon: string, id: string, collapsible = None) => {
    const it = new vscode.TreeItem(label, collapsible);
    it.iconPath = new vscode.ThemeIcon(icon);
    it.id = `assessment:${id}`;
    it.contextValue = `assessment.${node.kind}`;
    // Without it a row's aria-label is its tooltip (long here); rows set a description after, see below.
    it.accessibilityInformation = { label };
    return it;
  };
  const it = itemOf();
  if (it.description && it.accessibilityInformation?.label === it.label) it.accessibilityInformation = { label: `${it.label}, ${it.description}` };
  return it;

  function itemOf(): vscode.TreeItem {
    switch (node.kind) {
      case 'ticket': {
        const { ticket, incidentBeganAt, id } = node.record;
        const it = item(ticket.title, 'issues', `${id}:ticket`, vscode.TreeItemCollapsibleState.Expanded);
        it.description = `since ${utcClock(incidentBeganAt)}`;
        it.tooltip = [`INCIDENT: ${ticket.title}`, `Began ${utcClock(incidentBeganAt)} on ${node.labId}`, '', 'Symptoms:', ...ticket.symptoms.map((s) => `- ${s}`), '', `Impact: ${ticket.impact}`, '', 'Click to open the ticket with the root causes to choose from.'].join('\n');
        it.accessibilityInformation = { label: `Ticket: ${ticket.title}` };
        it.command = { command: 'markdown.showPreview', title: 'Open Ticket', arguments: [ticketUri(node.labId)] };
        return it;
      }
      case 'symptom': {
        const it = item(node.text, 'circle-small', `symptom:${node.n}`);
        it.tooltip = node.text;
        return it;
      }
      case 'impact': {
        const it = item(`Impact: ${node.text}`, 'warning', 'impact');
        it.tooltip = node.text;
        return it;
      }
      case 'time': {
        const left = secondsLeft(node.record, now);
        const it = item(left ? `${formatCountdown(left)} left` : 'Time is up', 'watch', 'time');
        it.description = `${node.record.minutes} min, until ${utcClock(node.record.deadline)}`;
        it.tooltip = left ? 'When the time is up, what is in your files is submitted once more, and no more submits count.' : 'The time is up: the last submit counts. Write the postmortem, then open the report.';
        it.accessibilityInformation = { label: left ? `Time left: ${formatCountdown(left)}` : 'Time is up' };
        return it;
      }
      case 'phase': {
        const phase = phaseOf(node.record, now);
        const it = item(`Phase: ${phase}`, 'milestone', 'phase');
        it.tooltip = PHASE_TEXT[phase];
        return it;
      }
      case 'diagnosis': {
        const d = node.record.diagnosis!;
        const it = item(`Diagnosis: ${d.rootCause}`, 'search', 'diagnosis');
        it.description = `at ${d.at.slice(11, 19)} UTC`;
        it.tooltip = `Symptom: ${d.symptom}\nRoot cause: ${d.rootCause}\nEvidence: ${d.evidence}\n\nClick to record it again (the new one replaces it).`;
        it.command = { command: 'breakfix.recordDiagnosis', title: 'Record Diagnosis…' };
        return it;
      }
      case 'submits': {
        const n = node.submits.length;
        const it = item(`Submits (${n})`, 'history', n ? 'submits' : 'submits:none', n ? vscode.TreeItemCollapsibleState.Expanded : None);
        it.tooltip = n ? 'Every submit, newest first: the last one counts.' : 'No submit yet: Submit runs the full check on your files.';
        return it;
      }
      case 'submit':
        return submitItem(node.submit);
      case 'action': {
        const it = item(node.label, node.icon, `action:${node.id}`);
        it.tooltip = node.tooltip;
        it.command = { command: node.command, title: node.label };
        it.contextValue = `assessment.action.${node.id}`;
        return it;
      }
      case 'last': {
        const r = node.record;
        const it = item(`Last: ${r.lab}`, 'archive', `last:${r.id}`);
        it.description = `ended ${r.endedAt ? `${r.endedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`;
        it.tooltip = `The assessment of ${r.lab} (${r.minutes} minutes, ${r.submits.length} submits) has ended. Click to write and open its report.`;
        it.command = { command: 'breakfix.openAssessmentReport', title: 'Open Report' };
        return it;
      }
    }
  }

}

function submitItem(s: Submit): vscode.TreeItem {
  const it = new vscode.TreeItem(`submit ${s.n}: ${s.verdict}${s.auto ? ' (time is up)' : ''}`, vscode.TreeItemCollapsibleState.None);
  it.id = `assessment:submit:${s.n}`;
  it.description = s.failed.join(', ');
  const icon = s.verdict === 'pass' ? ['pass', 'testing.iconPassed'] : s.verdict === 'fail' ? ['error', 'testing.iconFailed'] : ['warning', 'testing.iconErrored'];
  it.iconPath = new vscode.ThemeIcon(icon[0], new vscode.ThemeColor(icon[1]));
  it.tooltip = [`Submit ${s.n} at ${s.at.slice(11, 19)} UTC: ${s.verdict}`, ...s.checks.map((c) => `${c.pass ? '✔' : '✘'} ${c.title}: ${c.measured ?? 'no data'} (${c.op} ${c.threshold})`), ...(s.error ? [`Error: ${s.error}`] : [])].join('\n');
  it.contextValue = 'assessment.submit';
  it.accessibilityInformation = { label: `submit ${s.n}: ${s.verdict}${s.failed.length ? `, failed ${s.failed.join(', ')}` : ''}` };
  return it;
}
