// Every `breakfix …` command that the product suggests, in its own messages (src/) and in the docs a learner
// reads (README, docs/, each lab's README, writeup and solution README), is a command the CLI has, with
// flags that command parses and documents. A message that names a command that does not exist sends the
// learner the wrong way; this test reads the text itself, so a new message is covered without a new test.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { STEPS } from '../../../src/cli/commands/assess';
import { commands } from '../../../src/cli/main';

const ROOT = resolve(__dirname, '../../..');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

export interface Suggestion {
  file: string;
  line: number;
  text: string;
}

/** Each `breakfix …` in backticks (also escaped ones inside template literals), with where it is. */
export function suggestions(file: string, source: string): Suggestion[] {
  const out: Suggestion[] = [];
  const re = /\\?`breakfix ([^`\\\n]+)\\?`/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const text = m[1].trim();
    // `breakfix note: …` and `breakfix mcp: serving …` are log prefixes, not commands.
    if (/^[a-z-]+:/.test(text)) continue;
    out.push({ file: relative(ROOT, file), line: source.slice(0, m.index).split('\n').length, text });
  }
  return out;
}

const placeholder = (t: string) => /[$<>…"'{}|[\]]/.test(t) || /^[A-Z]+$/.test(t);

/** What is wrong with one suggestion, or undefined when the CLI has it. */
export function problem(text: string): string | undefined {
  const tokens = text.split(/\s+/);
  const name = tokens[0];
  if (name === 'help') return undefined;
  const command = commands.find((c) => c.name === name);
  if (!command) return `no command "${name}"`;
  let usage = command.usage;
  let rest = tokens.slice(1);
  if (command.name === 'assess' && rest[0] && !rest[0].startsWith('-') && !placeholder(rest[0])) {
    const step = STEPS.find((s) => s.name === rest[0]);
    if (!step && rest[0] !== 'help') return `no step "assess ${rest[0]}"`;
    usage = step?.usage ?? usage;
    rest = rest.slice(1);
  }
  for (const t of rest.filter((x) => x.startsWith('--'))) {
    const flag = t.slice(2).split('=')[0];
    if (!command.options?.[flag]) return `"${name}" has no option --${flag}`;
    if (!usage.includes(`--${flag}`)) return `--${flag} is not in the usage line of "${name}" (${usage})`;
  }
  return undefined;
}

function texts(): string[] {
  return [
    ...files(join(ROOT, 'src'), /\.ts$/),
    ...files(join(ROOT, 'docs'), /\.md$/),
    ...files(join(ROOT, 'labs'), /^(README|writeup)\.md$/),
    join(ROOT, 'README.md'),
    join(ROOT, 'CHANGELOG.md'),
    join(ROOT, 'CONTRIBUTING.md'),
  ];
}

function allSuggestions(): Suggestion[] {
  return texts().flatMap((f) => suggestions(f, readFileSync(f, 'utf8')));
}

/** Each `npm run <script>` named in the same texts, with where it is. */
function npmRuns(file: string, source: string): Suggestion[] {
  return [...source.matchAll(/npm run ([a-z0-9:-]+)/g)].map((m) => ({ file: relative(ROOT, file), line: source.slice(0, m.index).split('\n').length, text: m[1] }));
}

describe('cli: every command the product suggests exists', () => {
  it('finds suggestions, escaped or not, and skips log prefixes', () => {
    const src = 'ctx.out(`start it with \\`breakfix up ${id}\\`.`);\nlog(`breakfix note: ${x}`);\nRun `breakfix check lab --full`.';
    assert.deepEqual(
      suggestions(join(ROOT, 'x.ts'), src).map((s) => [s.line, s.text]),
      [
        [1, 'up ${id}'],
        [3, 'check lab --full'],
      ],
    );
  });

  it('names what is wrong: an unknown command, step or flag, or a flag the usage line hides', () => {
    assert.equal(problem('check lab --full'), undefined);
    assert.equal(problem('assess start --file F'), undefined);
    assert.match(problem('launch lab')!, /no command "launch"/);
    assert.match(problem('assess begin')!, /no step "assess begin"/);
    assert.match(problem('check lab --fast')!, /has no option --fast/);
  });

  it('in src/, README.md, CHANGELOG.md, CONTRIBUTING.md, docs/ and every lab\'s README and writeup template', () => {
    const all = allSuggestions();
    assert.ok(all.length > 100, `found only ${all.length} suggestions: is the scan still reading the files?`);
    const bad = all.map((s) => ({ s, why: problem(s.text) })).filter((x) => x.why);
    assert.deepEqual(
      bad.map(({ s, why }) => `${s.file}:${s.line}: \`breakfix ${s.text}\`: ${why}`),
      [],
    );
  });

  it('every `npm run <script>` they name is a script of package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const runs = texts().flatMap((f) => npmRuns(f, readFileSync(f, 'utf8')));
    assert.ok(runs.length > 20, `found only ${runs.length}`);
    assert.deepEqual(runs.filter((r) => !scripts.includes(r.text)).map((r) => `${r.file}:${r.line}: npm run ${r.text}`), []);
  });
});
