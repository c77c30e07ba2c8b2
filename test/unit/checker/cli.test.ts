// Argument errors of break / heal / faults / check: exit 2 before any Docker call, with the usage.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(__dirname, '../../../dist/cli.js');
const fixtures = resolve(__dirname, '../../fixtures/labs');

function breakfix(args: string[]) {
  // DOCKER_HOST points nowhere: an argument error must be reported before the engine is needed.
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, BREAKFIX_LABS_DIR: fixtures, DOCKER_HOST: 'tcp://127.0.0.1:1' }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('breakfix break/heal/faults/check: argument errors', () => {
  it('break with an unknown fault lists the faults', () => {
    const r = breakfix(['break', 'tiny-queue', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lab tiny-queue has no fault "nope". Faults: pause-queue\./);
    assert.match(r.stderr, /Usage: breakfix break <lab> <fault> \[--for DURATION\]/);
  });

  it('lint --requests abc is a usage error, with or without --prove', () => {
    for (const args of [['lint', '--requests', 'abc'], ['lint', 'tiny-queue', '--rate', '0']]) {
      const r = breakfix(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /breakfix lint: --(requests|rate) must be a positive number, not "(abc|0)"/);
    }
  });

  it('break without a fault lists the faults', () => {
    const r = breakfix(['break', 'tiny-queue']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing <fault>. Faults of tiny-queue: pause-queue/);
  });

  it('break with a bad --for says how to write a duration', () => {
    const r = breakfix(['break', 'tiny-queue', 'pause-queue', '--for', '30 seconds']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--for: "30 seconds" is not a duration; write it like 500ms, 30s, 5m or 1h/);
  });

  it('heal with an unknown fault lists the faults', () => {
    const r = breakfix(['heal', 'tiny-queue', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no fault "nope". Faults: pause-queue/);
  });

  it('an unknown lab is named with the known ones', () => {
    const r = breakfix(['faults', 'tiny-qeue']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown lab "tiny-qeue". Did you mean "tiny-queue"\?/);
  });

  it('check rejects bad --requests/--rate and --quick with --full', () => {
    let r = breakfix(['check', 'tiny-queue', '--requests=-5']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--requests must be a positive whole number, not "-5"/);
    r = breakfix(['check', 'tiny-queue', '--rate', 'fast']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--rate must be a positive number, not "fast"/);
    r = breakfix(['check', 'tiny-queue', '--quick', '--full']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pass --quick or --full, not both/);
  });

  it('check of a lab without a scenario says what to add', () => {
    const r = breakfix(['check', 'tiny-queue']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lab tiny-queue has no scenario in lab.yaml: nothing to run/);
  });

  it('lint --prove without an engine skips the proof outside CI and fails in CI', () => {
    const env = { ...process.env, BREAKFIX_LABS_DIR: resolve(__dirname, '../../../labs'), DOCKER_HOST: 'tcp://127.0.0.1:1' };
    const local = spawnSync(process.execPath, [cli, 'lint', '--prove'], { encoding: 'utf8', env: { ...env, CI: '' }, timeout: 30_000 });
    assert.match(local.stderr, /skipping the proof: Docker engine not reachable at tcp:\/\/127.0.0.1:1/);
    assert.equal(local.status, /labs valid, 0 problems/.test(local.stdout) ? 0 : 1);
    const ci = spawnSync(process.execPath, [cli, 'lint', '--prove'], { encoding: 'utf8', env: { ...env, CI: 'true' }, timeout: 30_000 });
    assert.equal(ci.status, 1);
    assert.match(ci.stderr, /CI=true and Docker engine not reachable.*cannot be skipped in CI/);
  });
});
