// The AI features in the extension (issue 18), through the built bundles (dist/extension.js → app.js →
// core.js) against the vscode stub: package.json's languageModelTools are the core's AI_TOOLS exactly; the
// tools, the @breakfix participant and the MCP server definition register at activation without loading
// the app or the core; every tool refuses in an untrusted workspace and during an assessment (the core
// refuses: this checks that the extension passes vscode.workspace.isTrusted and the workspace through);
// the participant says plainly when no model is available, and /hint counts the hint like Reveal Hint.
// No Docker: the engine is pointed at a socket that does not exist.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AI_TOOLS, COACH_COMMANDS, UNTRUSTED_MESSAGE } from '../../../src/core/ai';
import { readAssessment } from '../../../src/core/assessment/record';
import { AI_TOOL_NAMES, COACH_ID, LAB_STARTED_KEY, MCP_PROVIDER_ID } from '../../../src/extension/ai/names';
import { NO_MODEL_MESSAGE } from '../../../src/extension/ai/coachText';
import { lab, LAB1, runningAssessment } from '../assessment/helpers';
import { createVscodeStub, installVscode, stubModel, type StubModel } from './vscodeStub';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = ['extension.js', 'app.js', 'core.js'].map((f) => path.join(ROOT, 'dist', f));
const [EXTENSION_JS, APP_JS, CORE_JS] = BUNDLES;
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

type Tool = { invoke(options: unknown, token: unknown): Promise<{ content: { value: string }[] }>; prepareInvocation(options: unknown, token: unknown): { invocationMessage?: string; confirmationMessages?: { title: string; message: { value: string } } } };

function activate(opts: { trusted?: boolean; ws?: string; noAi?: boolean } = {}) {
  for (const b of BUNDLES) delete require.cache[b];
  const stub = createVscodeStub({ isTrusted: opts.trusted ?? true, extensionPath: ROOT, workspaceDir: opts.ws, noAi: opts.noAi });
  const uninstall = installVscode(stub.api);
  (require(EXTENSION_JS) as { activate(ctx: unknown): void }).activate(stub.context);
  const tool = (name: string) => stub.rec.tools.get(name) as unknown as Tool;
  const cleanup = () => {
    for (const d of stub.context.subscriptions) d.dispose();
    uninstall();
    for (const b of BUNDLES) delete require.cache[b];
  };
  return { ...stub, tool, cleanup };
}

/** A workspace where lab 1 is started (its copy at labs/<id>/), as Start Lab leaves it. */
function startedWorkspace(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-ext-ai-'));
  fs.mkdirSync(path.join(ws, 'labs', LAB1), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'labs', LAB1, 'compose.yaml'), path.join(ws, 'labs', LAB1, 'compose.yaml'));
  return ws;
}

/** The @breakfix participant's handler, with a recording response stream. */
async function ask(run: ReturnType<typeof activate>, prompt: string, command?: string, model?: StubModel): Promise<{ text: string; result: unknown }> {
  const out: string[] = [];
  const stream = { markdown: (s: string) => void out.push(s), progress: () => undefined };
  const { handler } = run.rec.participants.get(COACH_ID)!;
  const result = await handler({ prompt, command, model, references: [], toolReferences: [], toolInvocationToken: undefined }, { history: [] }, stream, token);
  return { text: out.join(''), result };
}

describe('extension: AI tools, @breakfix and the MCP server definition', function () {
  this.timeout(60_000);
  const dockerHost = process.env.DOCKER_HOST;
  let cleanup: (() => void) | undefined;
  before(() => {
    assert.ok(fs.existsSync(APP_JS), 'dist/app.js is missing: run `npm run build` first');
    process.env.DOCKER_HOST = 'unix:///nonexistent/breakfix-no-engine.sock';
  });
  after(() => (dockerHost === undefined ? delete process.env.DOCKER_HOST : (process.env.DOCKER_HOST = dockerHost)));
  afterEach(() => {
    cleanup?.();
    cleanup = undefined;
  });

  describe('package.json', () => {
    const contributed = PKG.contributes.languageModelTools as Record<string, unknown>[];

    it("contributes languageModelTools that are the core's AI_TOOLS exactly (names, display names, model descriptions, input schemas)", () => {
      assert.deepEqual(contributed.map((t) => t.name), AI_TOOLS.map((t) => t.name));
      for (const spec of AI_TOOLS) {
        const t = contributed.find((c) => c.name === spec.name)!;
        assert.equal(t.displayName, spec.displayName, `${spec.name} displayName`);
        assert.equal(t.modelDescription, spec.modelDescription, `${spec.name} modelDescription`);
        assert.deepEqual(t.inputSchema, JSON.parse(JSON.stringify(spec.inputSchema)), `${spec.name} inputSchema`);
      }
      assert.deepEqual([...AI_TOOL_NAMES], AI_TOOLS.map((t) => t.name), 'activation registers the same names (ai/names.ts)');
    });

    it("follows VS Code's rules: names ^[\\w-]+$ (never copilot_/vscode_), at most 8 tools, a reference name for #, shown only when a lab is started or running", () => {
      assert.ok(contributed.length <= 8);
      for (const t of contributed) {
        assert.match(String(t.name), /^(?!copilot_|vscode_)[\w-]+$/);
        assert.ok(t.userDescription && t.modelDescription && t.displayName, `${t.name}: descriptions`);
        assert.equal(t.canBeReferencedInPrompt, true);
        assert.match(String(t.toolReferenceName), /^[\w-]+$/);
        assert.equal(t.when, 'breakfix.labStarted || breakfix.anyRunning');
      }
      assert.equal(new Set(contributed.map((t) => t.toolReferenceName)).size, contributed.length, 'reference names are unique');
    });

    it('contributes the @breakfix participant with /explain, /hint and /review, and the MCP server definition provider', () => {
      const [coach] = PKG.contributes.chatParticipants;
      assert.equal(coach.id, COACH_ID);
      assert.equal(coach.name, 'breakfix');
      assert.ok(coach.fullName && coach.description);
      assert.deepEqual(coach.commands.map((c: { name: string }) => c.name), [...COACH_COMMANDS]);
      for (const c of coach.commands) assert.ok(c.description, `/${c.name} has a description`);
      assert.deepEqual(PKG.contributes.mcpServerDefinitionProviders, [{ id: MCP_PROVIDER_ID, label: 'Break/Fix Labs' }]);
      // VS Code generates onLanguageModelTool:, onChatParticipant: and onMcpCollection: activation events from these.
      assert.equal(PKG.engines.vscode, '^1.101.0');
    });
  });

  describe('activation', () => {
    it('registers the seven tools, the participant (with its icon) and the MCP provider, loading neither app.js nor core.js', () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      assert.deepEqual([...run.rec.tools.keys()], [...AI_TOOL_NAMES]);
      assert.ok(run.rec.participants.get(COACH_ID)?.participant.iconPath);
      assert.ok(run.rec.mcpProviders.has(MCP_PROVIDER_ID));
      assert.ok(!(APP_JS in require.cache) && !(CORE_JS in require.cache));
      assert.equal(run.rec.contexts.get(LAB_STARTED_KEY), true, 'a lab is started here: the tools show');
    });

    it('sets breakfix.labStarted false in a workspace without a lab copy, or without a workspace', () => {
      for (const ws of [fs.mkdtempSync(path.join(os.tmpdir(), 'breakfix-ext-ai-')), undefined]) {
        const run = activate({ ws });
        assert.equal(run.rec.contexts.get(LAB_STARTED_KEY), false);
        run.cleanup();
      }
    });

    it('a host without vscode.lm or vscode.chat activates the rest as usual', () => {
      const run = activate({ noAi: true });
      cleanup = run.cleanup;
      assert.equal(run.rec.tools.size, 0);
      assert.ok(run.rec.commands.has('breakfix.runCheck'));
      assert.deepEqual(run.rec.messages.filter((m) => m.level === 'error'), []);
    });
  });

  describe('the tools', () => {
    it('every tool refuses in an untrusted workspace, saying how to trust it (isTrusted reaches the core)', async () => {
      const run = activate({ trusted: false, ws: startedWorkspace() });
      cleanup = run.cleanup;
      for (const name of AI_TOOL_NAMES) {
        await assert.rejects(run.tool(name).invoke({ input: { lab: LAB1, query: 'up', service: 'api', fault: 'provider-outage' }, toolInvocationToken: undefined }, token), (err: Error) => {
          assert.equal(err.message, UNTRUSTED_MESSAGE, name);
          return true;
        });
      }
    });

    it('every tool refuses during an assessment with the lock message, and the refusal is in the timeline (the workspace reaches the core)', async () => {
      const ws = startedWorkspace();
      await runningAssessment(await lab(), ws);
      const run = activate({ ws });
      cleanup = run.cleanup;
      for (const name of AI_TOOL_NAMES) {
        await assert.rejects(run.tool(name).invoke({ input: {}, toolInvocationToken: undefined }, token), (err: Error) => {
          assert.match(err.message, new RegExp(`^The AI tools are locked during the assessment of ${LAB1}`), name);
          return true;
        });
      }
      const { record } = await readAssessment(ws);
      const refusals = record!.events.filter((e) => e.kind === 'locked' && /asked for ai: refused/.test(e.detail ?? ''));
      assert.equal(refusals.length, AI_TOOL_NAMES.length);
    });

    it('answers through the extension in a trusted workspace: one text part; a bad input is an error that names the bound', async () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      const result = await run.tool('breakfix_labSpec').invoke({ input: { lab: LAB1 }, toolInvocationToken: undefined }, token);
      assert.equal(result.content.length, 1);
      assert.match(result.content[0].value, /^# Notification queue retry storm \(notification-retry-storm/);
      await assert.rejects(run.tool('breakfix_queryMetrics').invoke({ input: { lab: LAB1, query: 'up', rangeSeconds: 1e9 } }, token), /"rangeSeconds" must be <= 3600/);
    });

    it('prepareInvocation: a progress line for every tool, a confirmation for the two actions only', async () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      for (const name of AI_TOOL_NAMES) {
        const p = run.tool(name).prepareInvocation({ input: { lab: LAB1, fault: 'provider-outage', seconds: 30 } }, token);
        assert.match(String(p.invocationMessage), /^Break\/Fix: .* \(notification-retry-storm\)$/);
        const action = AI_TOOLS.find((t) => t.name === name)!.action;
        assert.equal(!!p.confirmationMessages, !!action, name);
        if (action) assert.equal(p.confirmationMessages!.title, action.confirmTitle);
      }
      const inject = run.tool('breakfix_injectFault').prepareInvocation({ input: { lab: LAB1, fault: 'provider-outage', seconds: 30 } }, token);
      assert.match(inject.confirmationMessages!.message.value, /Inject provider-outage into notification-retry-storm, and heal it after 30 s\?/);
    });
  });

  describe('@breakfix', () => {
    it('refuses in an untrusted workspace and during an assessment, before any model is asked', async () => {
      const model = stubModel(['never']);
      const untrusted = activate({ trusted: false, ws: startedWorkspace() });
      for (const command of [...COACH_COMMANDS, undefined]) {
        const { text } = await ask(untrusted, 'why?', command, model);
        assert.equal(text.trim(), UNTRUSTED_MESSAGE);
      }
      untrusted.cleanup();
      const ws = startedWorkspace();
      await runningAssessment(await lab(), ws);
      const assessed = activate({ ws });
      cleanup = assessed.cleanup;
      for (const command of [...COACH_COMMANDS, undefined]) {
        const { text } = await ask(assessed, 'why?', command, model);
        assert.match(text, /locked during the assessment of notification-retry-storm/, String(command));
      }
      assert.equal(model.prompts.length, 0);
    });

    it('with no language model, says so plainly', async () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      const { text, result } = await ask(run, '', 'explain');
      assert.equal(text.trim(), NO_MODEL_MESSAGE);
      assert.match(NO_MODEL_MESSAGE, /No language model is available.*GitHub Copilot/);
      assert.deepEqual((result as { metadata: unknown }).metadata, { command: 'explain', lab: LAB1, noModel: true });
    });

    it('/explain sends the coach prompt to the model picked in chat and streams its answer; a lab named first is the lab', async () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      run.rec.models.push(stubModel(['not this one']));
      const picked = stubModel(['The p95 ', 'is 0.4 s.']);
      const { text } = await ask(run, `${LAB1} why so slow?`, 'explain', picked);
      assert.equal(text, 'The p95 is 0.4 s.');
      const prompt = JSON.stringify(picked.prompts[0]);
      assert.match(prompt, /You are the Break\/Fix Labs coach/);
      assert.match(prompt, /## The learner asks\\nwhy so slow\?/);
      assert.equal(run.rec.models[0].prompts.length, 0);
    });

    it('/hint reveals and counts the next hint like Reveal Hint, with or without a model; a question without a lab uses the only started one', async () => {
      const ws = startedWorkspace();
      const run = activate({ ws });
      cleanup = run.cleanup;
      const entry = await lab();
      const first = await ask(run, '', 'hint');
      assert.ok(first.text.startsWith(`Hint 1 of ${entry.lab.hints.length}: ${entry.lab.hints[0]}`), first.text);
      assert.match(first.text, /No language model is available/);
      run.rec.models.push(stubModel(['It explains the provider-calls panel.']));
      const second = await ask(run, '', 'hint');
      assert.ok(second.text.startsWith(`Hint 2 of ${entry.lab.hints.length}: ${entry.lab.hints[1]}`), second.text);
      assert.match(second.text, /It explains the provider-calls panel\.$/);
      const progress = JSON.parse(fs.readFileSync(path.join(ws, '.breakfix/progress.json'), 'utf8'));
      assert.equal(progress.labs[LAB1].hintsRevealed, 2);
    });

    it('without a command or a question, says what it can do', async () => {
      const run = activate({ ws: startedWorkspace() });
      cleanup = run.cleanup;
      const { text } = await ask(run, '  ');
      assert.match(text, /\/explain.*\/hint.*\/review/s);
    });
  });

  describe('the MCP server definition', () => {
    it('offers `node <extension>/dist/cli.js mcp --workspace <folder>` in a trusted folder', async () => {
      const ws = startedWorkspace();
      const run = activate({ ws });
      cleanup = run.cleanup;
      const servers = (await run.rec.mcpProviders.get(MCP_PROVIDER_ID)!.provideMcpServerDefinitions()) as { label: string; command: string; args: string[]; env: Record<string, string> }[];
      assert.equal(servers.length, 1);
      assert.equal(servers[0].label, 'Break/Fix Labs');
      assert.equal(servers[0].command, process.execPath);
      assert.deepEqual(servers[0].args, [path.join(ROOT, 'dist', 'cli.js'), 'mcp', '--workspace', ws]);
      assert.equal(servers[0].env.ELECTRON_RUN_AS_NODE, '1');
      assert.equal(servers[0].env.BREAKFIX_LABS_DIR, path.join(ROOT, 'labs'));
      assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').includes('!dist/cli.js'), 'the VSIX ships dist/cli.js');
    });

    it('offers none in Restricted Mode or without a folder', async () => {
      for (const opts of [{ trusted: false, ws: startedWorkspace() }, { trusted: true, ws: undefined }]) {
        const run = activate(opts);
        assert.deepEqual(await run.rec.mcpProviders.get(MCP_PROVIDER_ID)!.provideMcpServerDefinitions(), []);
        run.cleanup();
      }
    });
  });
});
