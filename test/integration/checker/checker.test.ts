// Faults and the checker against lab 1's real stack on a real engine, through the CLI.
// Uses a temp copy of the lab (fixture.ts) so it runs while lab content is still being written.
// Lab 1 uses fixed ports and one Compose project: run under `flock /tmp/lab1.lock` next to other sessions.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FaultState } from '../../../src/core/faults/verify';
import type { Fault } from '../../../src/core/labs/types';
import { projectLeftovers, requireEngine } from '../helpers';
import { fixtureLabs, LAB } from './fixture';

const cli = resolve(__dirname, '../../../dist/cli.js');

describe('checker: faults and `breakfix check` on lab 1 (real engine)', function () {
  let labs: string;
  let faults: Fault[];
  const run = (args: string[], timeoutMs = 600_000) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, BREAKFIX_LABS_DIR: labs } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const states = (): Record<string, FaultState> => {
    const r = run(['faults', LAB, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return Object.fromEntries((JSON.parse(r.stdout) as FaultState[]).map((s) => [s.id, s]));
  };
  /** Runs the CLI, sends SIGINT once `pattern` shows on stdout or stderr, resolves with the exit. */
  const interruptAfter = (args: string[], pattern: RegExp) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, BREAKFIX_LABS_DIR: labs } });
      let stdout = '';
      let stderr = '';
      let sent = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no ${pattern} within 5 min:\n${stderr.slice(-2000)}`));
      }, 300_000);
      const watch = () => {
        if (!sent && pattern.test(stdout + stderr)) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 500);
        }
      };
      child.stdout.on('data', (c) => ((stdout += c), watch()));
      child.stderr.on('data', (c) => ((stderr += c), watch()));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolveRun({ code, stdout, stderr });
      });
    });
  const pick = (what: string, test: (f: Fault) => boolean) => {
    const f = faults.find(test);
    if (!f) throw new Error(`lab 1 defines no ${what} fault`);
    return f;
  };

  before(function () {
    requireEngine(this);
    labs = fixtureLabs();
    const { parse } = require('yaml') as typeof import('yaml');
    faults = (parse(readFileSync(join(labs, LAB, 'lab.yaml'), 'utf8')) as { faults: Fault[] }).faults;
    run(['down', LAB]);
    const up = run(['up', LAB]);
    assert.equal(up.code, 0, `up failed:\n${up.stderr}`);
  });
  after(function () {
    if (!labs) return;
    run(['down', LAB]);
    rmSync(labs, { recursive: true, force: true });
  });

  for (const [name, test] of [
    ['http', (f: Fault) => f.kind === 'http'],
    ['container kill', (f: Fault) => f.kind === 'container' && f.action === 'kill'],
    ['container pause', (f: Fault) => f.kind === 'container' && f.action === 'pause'],
    ['network partition', (f: Fault) => f.kind === 'network'],
  ] as const) {
    it(`${name}: break verifies it, faults shows it active, heal reverts it`, function () {
      const f = pick(name, test);
      const b = run(['break', LAB, f.id]);
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, new RegExp(`${f.id} is active: `));
      assert.equal(states()[f.id].active, true, `${f.id} active after break`);
      const h = run(['heal', LAB, f.id]);
      assert.equal(h.code, 0, h.stderr);
      const after = states();
      assert.equal(after[f.id].active, false, `${f.id} inactive after heal: ${after[f.id].detail}`);
    });
  }

  it('heal without a fault reverts several active faults at once (network before HTTP)', function () {
    const http = pick('http', (f) => f.kind === 'http');
    const net = pick('network', (f) => f.kind === 'network');
    assert.equal(run(['break', LAB, http.id]).code, 0);
    assert.equal(run(['break', LAB, net.id]).code, 0);
    const h = run(['heal', LAB]);
    assert.equal(h.code, 0, h.stderr);
    const s = states();
    assert.deepEqual(Object.values(s).filter((x) => x.active !== false).map((x) => `${x.id}: ${x.detail}`), []);
  });

  it('break --for heals by itself', function () {
    const f = pick('container pause', (x) => x.kind === 'container' && x.action === 'pause');
    const t0 = Date.now();
    const r = run(['break', LAB, f.id, '--for', '2s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /healed\./);
    assert.ok(Date.now() - t0 >= 2000);
    assert.equal(states()[f.id].active, false);
  });

  it('Ctrl-C during `break --for` heals early', async function () {
    const f = pick('container pause', (x) => x.kind === 'container' && x.action === 'pause');
    const { code, stdout } = await interruptAfter(['break', LAB, f.id, '--for', '5m'], /Healing in/);
    assert.equal(code, 0);
    assert.match(stdout, /healed early \(Ctrl-C\)/);
    assert.equal(states()[f.id].active, false);
  });

  it('Ctrl-C during `check` reverts the injected faults and exits 130', async function () {
    const { code, stderr } = await interruptAfter(['check', LAB, '--requests', '2000', '--rate', '50'], /inject POST/);
    assert.equal(code, 130, stderr.slice(-2000));
    assert.match(stderr, /cancelled; every fault was reverted/);
    assert.deepEqual(Object.values(states()).filter((s) => s.active !== false).map((s) => s.id), []);
  });

  it('`down` leaves nothing of the project', function () {
    assert.equal(run(['down', LAB]).code, 0);
    assert.deepEqual(projectLeftovers(`breakfix-${LAB}`), []);
  });
});
