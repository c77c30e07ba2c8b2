import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeKind, detectCompose, parseCommandLine, parseComposeVersion, runCommand, supportsWait } from '../../../src/core/runtime/compose';
import { CancelledError, ComposeCli, ComposeError, ComposeNotFoundError, TimeoutError } from '../../../src/core/runtime/types';

const posixOnly = process.platform === 'win32' ? describe.skip : describe;

posixOnly('runtime/compose', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bf-compose-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake compose executable that prints `version` for `version --short`. */
  function fakeCompose(name: string, version: string) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\nif [ "$1" = version ]; then echo "${version}"; exit 0; fi\nexit 3\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('BREAKFIX_COMPOSE wins over detection and its version decides the kind', async () => {
    const bin = fakeCompose('my-compose', 'v2.24.6-desktop.1');
    const cli = await detectCompose({ env: { PATH: '/nonexistent', BREAKFIX_COMPOSE: bin } });
    assert.deepEqual(cli, { kind: 'v2', argv: [bin], version: '2.24.6-desktop.1', chosenBy: 'BREAKFIX_COMPOSE' });
    assert.ok(supportsWait(cli));
  });

  it('an override argument (the setting) wins over BREAKFIX_COMPOSE; quotes group a path with spaces', async () => {
    const bin = fakeCompose('docker compose v1', '1.29.2');
    const cli = await detectCompose({ override: `"${bin}"`, env: { PATH: '/nonexistent', BREAKFIX_COMPOSE: '/nope' } });
    assert.deepEqual(cli, { kind: 'v1', argv: [bin], version: '1.29.2', chosenBy: 'setting' });
  });

  it('detects `docker compose` (v2) first, then `docker-compose` (v1) on PATH', async () => {
    fakeCompose('docker-compose', '1.29.2');
    assert.deepEqual(await detectCompose({ env: { PATH: dir } }), { kind: 'v1', argv: ['docker-compose'], version: '1.29.2', chosenBy: 'detected' });
    fakeCompose('docker', '2.27.0'); // `docker compose version --short` → "2.27.0"
    const file = join(dir, 'docker');
    writeFileSync(file, '#!/bin/sh\n[ "$1" = compose ] && [ "$2" = version ] && echo 2.27.0 && exit 0\nexit 1\n');
    assert.deepEqual(await detectCompose({ env: { PATH: dir } }), { kind: 'v2', argv: ['docker', 'compose'], version: '2.27.0', chosenBy: 'detected' });
  });

  it('neither found: a clear error', async () => {
    await assert.rejects(detectCompose({ env: { PATH: dir } }), (err: Error) => {
      assert.ok(err instanceof ComposeNotFoundError);
      assert.ok(err.message.startsWith('Docker Compose not found: install Docker Compose v2 (docker compose) or set BREAKFIX_COMPOSE'), err.message);
      return true;
    });
  });

  it('a broken override is reported, not silently replaced', async () => {
    await assert.rejects(detectCompose({ env: { PATH: dir, BREAKFIX_COMPOSE: '/does/not/exist' } }), /BREAKFIX_COMPOSE="\/does\/not\/exist" does not run: command not found/);
  });

  it('parses versions and kinds; --wait from 2.1.1', () => {
    assert.equal(parseComposeVersion(['docker-compose version 1.29.2, build 5becea4c']), '1.29.2');
    assert.equal(parseComposeVersion(['v2.1.1']), '2.1.1');
    assert.equal(composeKind('1.29.2'), 'v1');
    assert.equal(composeKind('2.0.0'), 'v2');
    const v = (version: string): ComposeCli => ({ kind: composeKind(version), argv: ['docker', 'compose'], version, chosenBy: 'detected' });
    assert.equal(supportsWait(v('2.1.0')), false);
    assert.equal(supportsWait(v('2.1.1')), true);
    assert.equal(supportsWait(v('2.30.3')), true);
    assert.equal(supportsWait(v('1.29.2')), false);
  });

  it('parseCommandLine splits argv without a shell', () => {
    assert.deepEqual(parseCommandLine('docker compose'), ['docker', 'compose']);
    assert.deepEqual(parseCommandLine(`'/Applications/My Docker/docker' compose`), ['/Applications/My Docker/docker', 'compose']);
  });

  describe('runCommand', () => {
    it('streams stdout and stderr lines to the logger', async () => {
      const lines: string[] = [];
      const r = await runCommand(['sh', '-c', 'echo one; echo two >&2; printf three'], [], { log: (l) => lines.push(l) });
      assert.deepEqual(lines.sort(), ['one', 'three', 'two']);
      assert.deepEqual(r.stdout, ['one', 'three']);
    });

    it('a non-zero exit is a ComposeError carrying the last output lines', async () => {
      await assert.rejects(runCommand(['sh', '-c', 'echo "ERROR: bad file" >&2; exit 4'], [], { what: 'compose up' }), (err: ComposeError) => {
        assert.ok(err instanceof ComposeError);
        assert.equal(err.exitCode, 4);
        assert.deepEqual(err.output, ['ERROR: bad file']);
        return true;
      });
    });

    it('kills the child on timeout and settles once it has exited', async () => {
      const t = Date.now();
      await assert.rejects(runCommand(['sleep', '30'], [], { timeoutMs: 100, what: 'sleep' }), TimeoutError);
      assert.ok(Date.now() - t < 3000);
    });

    it('kills the child when the signal aborts', async () => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const t = Date.now();
      await assert.rejects(runCommand(['sleep', '30'], [], { signal: ac.signal }), CancelledError);
      assert.ok(Date.now() - t < 3000);
    });

    it('a missing executable rejects with ENOENT', async () => {
      await assert.rejects(runCommand(['/no/such/binary'], []), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    });
  });
});
