import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(__dirname, '../../../dist/cli.js');
const fixtures = resolve(__dirname, '../../fixtures/labs');

function breakfix(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, BREAKFIX_LABS_DIR: fixtures, ...env }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('breakfix CLI (dist/cli.js)', () => {
  it('lists valid labs as JSON and reports broken ones with line:col', () => {
    const r = breakfix(['list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.labs.map((l: { id: string }) => l.id), ['tiny-queue']);
    assert.equal(out.problems.length, 2);
    assert.match(r.stderr, /typo-key\/lab\.yaml:6:1: error: unknown key "sumary"/);
    assert.match(r.stderr, /hint: Did you mean "summary"\?/);
  });

  it('filters the list by level and domain', () => {
    assert.match(breakfix(['list', '--level', 'beginner']).stdout, /tiny-queue/);
    assert.match(breakfix(['list', '--domain', 'caching']).stdout, /No labs match the filter/);
    const bad = breakfix(['list', '--level', 'expert']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--level must be one of beginner, intermediate, advanced, not "expert"/);
  });

  it('the bundled catalogue offers beginners labs (and only beginner labs under --level beginner)', () => {
    const r = breakfix(['list', '--level', 'beginner', '--json'], { BREAKFIX_LABS_DIR: resolve(__dirname, '../../../labs') });
    assert.equal(r.code, 0, r.stderr);
    const labs = JSON.parse(r.stdout).labs as { id: string; level: string }[];
    assert.deepEqual(labs.map((l) => l.id).sort(), ['url-shortener-hot-keys', 'webhook-intake']);
    assert.ok(labs.every((l) => l.level === 'beginner'));
  });

  it('prints a lab spec', () => {
    const r = breakfix(['show', 'tiny-queue']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), '# Tiny queue');
  });

  it('rejects an unknown command with a suggestion and the command list', () => {
    const r = breakfix(['lsit']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "lsit". Did you mean "list"\?/);
    assert.match(r.stderr, /Commands:/);
  });

  it('rejects an unknown flag naming the flag and the usage', () => {
    const r = breakfix(['list', '--fast']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--fast'/);
    assert.match(r.stderr, /Usage: breakfix list \[--level L\]/);
  });

  it('rejects an unknown lab and suggests the closest id', () => {
    const r = breakfix(['show', 'tiny-queu']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown lab "tiny-queu". Did you mean "tiny-queue"\? Known labs: tiny-queue\./);
  });

  it('explains why a broken lab cannot be used', () => {
    const r = breakfix(['up', 'typo-key']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lab "typo-key" is broken: .*lab\.yaml:6:1: unknown key "sumary"/);
  });

  it('requires a lab where one is needed', () => {
    const r = breakfix(['down']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing <lab>/);
  });

  it('fails fast with the standard message when the engine is absent', () => {
    const started = Date.now();
    const r = breakfix(['status', 'tiny-queue'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /Docker engine not reachable at unix:\/\/\/nonexistent\/docker\.sock: start Docker Desktop or set DOCKER_HOST/);
    assert.ok(Date.now() - started < 15_000, 'must not hang');
  });

  it('lints the labs: exit 1 with the problems', () => {
    const r = breakfix(['lint']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /1 labs valid, 2 problems/);
  });
});
