// The report as one self-contained HTML page: inline CSS, no script, no external resource, every value
// escaped (the diff, the diagnosis and the postmortem are the candidate's text).
import { formatValue } from '../checker/report';
import type { AssessmentReport } from './types';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const time = (iso: string | undefined) => (iso ? esc(iso.replace('T', ' ').slice(0, 19)) + ' UTC' : '–');

export function reportHtml(r: AssessmentReport): string {
  const a = r.assessment;
  const known = r.diagnosis.known;
  const matches = r.diagnosis.recorded?.rootCause === known.id;
  const badge = (pass: boolean | undefined) => (pass === undefined ? '–' : pass ? '<span class="pass">pass</span>' : '<span class="fail">fail</span>');
  const rows = r.checks
    .map((c) => {
      const unit = c.after?.unit;
      return `<tr><td>${esc(c.title)}<br><code>${esc(c.id)}</code></td><td>${c.after ? `${esc(c.after.op)} ${esc(formatValue(c.after.threshold, unit))}` : '–'}</td><td>${badge(c.before?.pass)} ${c.before ? (c.before.measured === null ? '(not measured)' : esc(formatValue(c.before.measured, unit))) : ''}</td><td>${badge(c.after?.pass)} ${c.after ? esc(formatValue(c.after.measured, unit)) : ''}</td></tr>`;
    })
    .join('\n');
  const diff = r.diff
    .split('\n')
    .map((l) => `<span class="${l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : l.startsWith('@@') ? 'hunk' : ''}">${esc(l)}</span>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Assessment report: ${esc(a.labTitle)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.score{font-size:2rem;font-weight:600}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:12px}.add{color:#1a7f37}.del{color:#cf222e}.hunk{color:#8250df}
code{background:#f6f8fa;padding:0 .2rem}
</style></head><body>
<h1>Assessment report: ${esc(a.labTitle)}</h1>
<p class="score">${esc(r.score.total)} / ${esc(r.score.max)}</p>
<p>Lab <code>${esc(a.lab)}</code> · seed <code>${esc(a.seed)}</code> · ${esc(a.minutes)} minutes · started ${time(a.startedAt)} · ended ${time(a.endedAt)}</p>
<h2>Score by the rubric</h2>
<table><tr><th>Part</th><th>Points</th><th>Why</th></tr>
${r.score.parts.map((p) => `<tr><td>${esc(p.part)}</td><td>${esc(p.points)} / ${esc(p.of)}</td><td>${esc(p.why)}</td></tr>`).join('\n')}
</table>
<h2>The ticket</h2>
<p><strong>${esc(r.ticket.title)}</strong> (began ${time(a.incidentBeganAt)})</p>
<ul>${r.ticket.symptoms.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<p>Impact: ${esc(r.ticket.impact)}</p>
<h2>The hidden incident</h2>
<p>Every ${esc(r.scenario.cycleSeconds)} s: ${r.scenario.episodes.map((e) => `<code>${esc(e.fault)}</code> at ${esc(e.atSeconds)} s for ${esc(e.forSeconds)} s`).join(', ')}.</p>
<h2>Diagnosis</h2>
${
  r.diagnosis.recorded
    ? `<p>Recorded ${time(r.diagnosis.recorded.at)}.</p><ul><li>Symptom: ${esc(r.diagnosis.recorded.symptom)}</li><li>Root cause chosen: ${esc(r.diagnosis.chosen?.text ?? r.diagnosis.recorded.rootCause)}</li><li>Evidence: ${esc(r.diagnosis.recorded.evidence)}</li></ul>`
    : '<p>No diagnosis was recorded.</p>'
}
<p>Known root cause (<code>${esc(known.id)}</code>): ${esc(known.text)} The diagnosis ${matches ? '<span class="pass">matches</span>' : '<span class="fail">does not match</span>'} it.</p>
<h2>Checks, before and after</h2>
<p>Before: the unchanged lab, as its proof measured it (a check it passes by the lab's contract shows no value). After: the last submit.</p>
<table><tr><th>Check</th><th>Threshold</th><th>Before</th><th>After</th></tr>
${rows}
</table>
<h2>Submits</h2>
<ul>${r.submits.map((s) => `<li>${esc(s.n)}. ${time(s.at)}${s.auto ? ' (time was up)' : ''}: ${badge(s.verdict === 'pass')}${s.failed.length ? `, failed ${esc(s.failed.join(', '))}` : ''}</li>`).join('') || '<li>No submit.</li>'}</ul>
<h2>Timeline</h2>
<table><tr><th>When</th><th>What</th><th>Detail</th></tr>
${r.timeline.map((e) => `<tr><td>${time(e.at)}</td><td>${esc(e.kind)}</td><td>${esc(e.detail)}</td></tr>`).join('\n')}
</table>
<h2>The change</h2>
<p>${r.changedFiles.length ? r.changedFiles.map((f) => `<code>${esc(f)}</code>`).join(', ') : 'No learner file changed.'}</p>
${r.diff ? `<pre>${diff}</pre>` : ''}
<h2>Postmortem</h2>
<p>${r.postmortem.ok ? '<span class="pass">Complete.</span>' : `Problems: ${esc(r.postmortem.problems.join('; '))}`}</p>
${r.postmortem.text ? `<pre>${esc(r.postmortem.text)}</pre>` : ''}
</body></html>
`;
}
