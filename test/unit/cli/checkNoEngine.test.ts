// `breakfix check` where no Docker engine answers: the run never starts the stack, so the learner's code
// never ran. It is not an attempt: nothing is recorded, and no .breakfix/ appears in the folder it ran from.
// The missing engine is real (DOCKER_HOST names a socket that does not exist), not a mock.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledLabs, runCli, tempCli } from './tempCli';

describe('breakfix check with no engine', () => {
  let cwd: string;
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'breakfix-no-engine-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('fails with the reason, records no attempt and writes nothing into the folder it ran from', async () => {
    const cli = await tempCli();
    const env = { DOCKER_HOST: `unix://${join(cwd, 'no-such-docker.sock')}` };
    const r = runCli(cli, ['check', 'notification-retry-storm'], { cwd, env, labsDir: bundledLabs });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /could not run: Docker engine not reachable/);
    assert.match(r.stderr, /Not recorded as an attempt: the check stopped before it started the stack/);
    assert.doesNotMatch(r.stderr, /Attempt \d+ recorded/);
    assert.equal(existsSync(join(cwd, '.breakfix')), false, `found ${readdirSync(cwd).join(', ')}`);

    const attempts = runCli(cli, ['attempts', 'notification-retry-storm', '--workspace', cwd], { labsDir: bundledLabs });
    assert.match(attempts.stdout, /No attempts at notification-retry-storm yet/);
  });
});
