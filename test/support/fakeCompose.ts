// The fake Compose CLI: a ComposeCli whose argv runs fakeCompose.js with Node, so the checker reaches it
// through the real runCompose (spawn, lines, exit codes, SIGTERM on cancel). Each invocation is appended to
// a log file, and forwarded to a FakeEngine (up creates containers, build new images) through a small HTTP listener, in order with the engine's own events.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComposeCli } from '../../src/core/runtime/types';
import type { FakeEngine } from './fakeEngine';

export const FAKE_COMPOSE_SCRIPT = join(__dirname, 'fakeCompose.js');

export interface FakeComposeOptions {
  /** Subcommands that exit non-zero (FAKE_COMPOSE_FAIL). */
  fail?: string[];
}

export interface ComposeInvocation {
  args: string[];
  cwd: string;
}

export class FakeCompose {
  readonly cli: ComposeCli = { kind: 'v2', argv: [process.execPath, FAKE_COMPOSE_SCRIPT], version: '2.24.6', chosenBy: 'test' };
  private readonly dir = mkdtempSync(join(tmpdir(), 'bf-fake-compose-'));
  readonly logFile = join(this.dir, 'compose.jsonl');

  private constructor(
    private readonly server: Server,
    private readonly notifyUrl: string,
    private readonly opts: FakeComposeOptions,
  ) {}

  /** Starts the listener that forwards invocations to `engine` (none: Compose touches no engine). */
  static async start(engine?: FakeEngine, opts: FakeComposeOptions = {}): Promise<FakeCompose> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        try {
          const msg = JSON.parse(body) as { args: string[] };
          engine?.applyCompose(msg.args);
          res.writeHead(204).end();
        } catch (err) {
          res.writeHead(500).end((err as Error).message);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    return new FakeCompose(server, `http://127.0.0.1:${port}/compose`, opts);
  }

  /** What to add to the environment Compose runs with (CheckOptions.env, StackOptions.env). */
  get env(): NodeJS.ProcessEnv {
    return {
      FAKE_COMPOSE_LOG: this.logFile,
      FAKE_COMPOSE_NOTIFY: this.notifyUrl,
      ...(this.opts.fail?.length ? { FAKE_COMPOSE_FAIL: this.opts.fail.join(',') } : {}),
    };
  }

  /** Every invocation so far, in order. */
  invocations(): ComposeInvocation[] {
    let text = '';
    try {
      text = readFileSync(this.logFile, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as ComposeInvocation);
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
