// The AI tools in a real VS Code (code-server) in Chromium, on the real engine (issue 18): the packaged
// extension's language-model tools as another extension or agent mode sees them. The test-only command
// "Test Hook: Invoke AI Tools" (registered because the harness sets BREAKFIX_TEST_HOOKS=1) lists
// vscode.lm.tools and calls tools through vscode.lm.invokeTool; it writes what it got to
// .breakfix/test-hooks/ai-tools.json and opens it. Run inside lab 1's session (lab1.test.ts), before and
// after its Start, so that no second session brings the same stack up again.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AI_TOOLS } from '../../src/core/ai/tools';
import type { TestHookResult, ToolCall } from '../../src/extension/ai/testHooks';
import { commandTitle, eventually, LAB, log, Workbench } from './harness';

const SERVICES = ['api', 'db', 'load', 'prometheus', 'provider', 'queue', 'worker'];

/** Runs the test hook from the palette with these calls; resolves with what it wrote. */
export async function invokeAiTools(wb: Workbench, ws: string, calls: ToolCall[], timeoutMs = 120_000): Promise<TestHookResult> {
  const file = join(ws, '.breakfix', 'test-hooks', 'ai-tools.json');
  rmSync(file, { force: true });
  await wb.runCommand(commandTitle('breakfix.testAiTools'), { keepOpen: true });
  const input = wb.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(JSON.stringify(calls));
  await wb.page.keyboard.press('Enter');
  return eventually('the test hook wrote its answers', timeoutMs, async () => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TestHookResult) : undefined), 500);
}

/** With no stack: the seven tools are listed; stackStatus says the lab is not running, queryMetrics fails with why. */
export async function assertAiToolsWithoutStack(wb: Workbench, ws: string): Promise<void> {
  const r = await invokeAiTools(wb, ws, [
    { name: 'breakfix_stackStatus', input: { lab: LAB } },
    { name: 'breakfix_queryMetrics', input: { lab: LAB, query: 'up' } },
  ]);
  // vscode.lm.tools lists every registered tool whatever its `when` (VS Code 1.139: getAllToolsIncludingDisabled);
  // the `when` (a lab started or running) is what agent mode and the # picker apply.
  assert.deepEqual(r.tools.map((t) => t.name).sort(), AI_TOOLS.map((t) => t.name).sort());
  const [status, metrics] = r.calls;
  assert.ok(status.ok, status.text);
  assert.equal(JSON.parse(status.text).running, false);
  assert.match(JSON.parse(status.text).hint, /Start Lab in the sidebar, or `breakfix up notification-retry-storm`/);
  assert.equal(metrics.ok, false);
  assert.match(metrics.text, /notification-retry-storm is not running, so it has no metrics: start it/);
  await wb.runCommand('View: Close All Editors'); // lab 1's own screenshots show the workbench, not the answers
}

/** With lab 1's stack up and no fault: stackStatus and queryMetrics (no lab named) return the running stack's real data. */
export async function assertAiToolsWithStack(wb: Workbench, ws: string): Promise<void> {
  // No lab named: the lab whose stack runs.
  const r = await invokeAiTools(wb, ws, [
    { name: 'breakfix_stackStatus' },
    { name: 'breakfix_queryMetrics', input: { query: 'up' } },
    { name: 'breakfix_queryMetrics', input: { query: 'sum(up)', rangeSeconds: 30 } },
  ]);
  log(`answered: ${r.calls.map((c) => `${c.name} ${c.ms} ms`).join(', ')}`);
  assert.deepEqual(r.tools.map((t) => t.name).sort(), AI_TOOLS.map((t) => t.name).sort());
  for (const t of r.tools) assert.ok(t.hasSchema, `${t.name} has its input schema`);

  const [status, instant, range] = r.calls;
  assert.ok(status.ok, `breakfix_stackStatus failed: ${status.text}`);
  const s = JSON.parse(status.text) as { lab: string; running: boolean; services: { service: string; state: string; health: string; ports: string[] }[]; activeFaults: unknown[] };
  assert.equal(s.lab, LAB);
  assert.equal(s.running, true);
  assert.deepEqual(s.services.map((x) => x.service).sort(), SERVICES);
  for (const x of s.services) assert.equal(x.state, 'running', `${x.service}: ${JSON.stringify(x)}`);
  assert.ok(s.services.find((x) => x.service === 'api')!.ports.some((p) => p.startsWith('127.0.0.1:18080->')), 'the api publishes 127.0.0.1:18080');
  assert.deepEqual(s.activeFaults, [], 'no fault is active');

  assert.ok(instant.ok, `breakfix_queryMetrics failed: ${instant.text}`);
  const q = JSON.parse(instant.text) as { query: string; series: number; samples: { labels: Record<string, string>; value: number }[] };
  assert.equal(q.query, 'up');
  assert.ok(q.series >= 3, `Prometheus scrapes several targets: ${instant.text}`);
  for (const sample of q.samples) assert.equal(sample.value, 1, `up{job="${sample.labels.job}"} is 1`);

  assert.ok(range.ok, `the range query failed: ${range.text}`);
  const rq = JSON.parse(range.text) as { stepSeconds: number; values: { points: [number, number][] }[] };
  assert.equal(rq.values.length, 1);
  assert.ok(rq.values[0].points.length >= 2, `points over the last 30 s: ${range.text}`);
  assert.equal(rq.values[0].points.at(-1)![1], q.series, 'sum(up) now = the number of targets up');

  // The answers as the hook opened them, for the screenshot.
  await wb.page.locator('.part.editor .tab', { hasText: 'ai-tools.json' }).first().waitFor({ timeout: 30_000 });
  await wb.hidePanel();
  await wb.screenshot('ai.png', { mouseAway: true });
  await wb.runCommand('View: Close All Editors'); // the dashboard that comes next gets the whole editor area
}
