// Shared by the integration suites: the real engine, the CLI, and HTTP against published ports.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';

export const repo = resolve(__dirname, '../..');
export const cli = resolve(repo, 'dist/cli.js');

/** In CI a missing engine fails the suite; elsewhere the suite is skipped with the reason printed. */
export function requireEngine(ctx: Mocha.Context): void {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  if (r.status === 0) return;
  const reason = `no Docker engine answers (docker info: ${(r.stderr || r.error?.message || '').trim()})`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}. Run scripts/ensure-engine.sh first.`);
  console.log(`    skipped: ${reason}`);
  ctx.skip();
}

export function breakfix(args: string[], timeoutMs = 600_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, BREAKFIX_LABS_DIR: resolve(repo, 'labs') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { projectLeftovers, volumeNames } from '../support/docker';
export { eventually } from '../support/wait';

export async function getJson(url: string): Promise<any> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** POSTs `body` (a string is sent as it is) and resolves with the status and the parsed JSON answer. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test shows the text
  }
  return { status: res.status, body: parsed };
}

/**
 * Uploads `total` bytes of body to a POST endpoint over a raw socket, with a Content-Length or chunked
 * (no length), reading the answer while it sends, as a hostile client would. Resolves when the server
 * closes the connection (closedBy 'server') or after `waitMs` (closedBy 'timeout'), with the answer's
 * status line and headers (head), its body (text) and how many bytes were handed to the socket.
 */
export function rawUpload(url: string, total: number, chunked: boolean, waitMs = 15_000) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise<{ head: string; text: string; closedBy: 'server' | 'timeout'; sent: number }>((done) => {
    const socket = connect(Number(port), hostname);
    let got = '';
    let sent = 0;
    const block = Buffer.alloc(64 * 1024, 'a');
    const frame = chunked ? Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, Buffer.from('\r\n')]) : block;
    const timer = setTimeout(() => finish('timeout'), waitMs);
    const finish = (closedBy: 'server' | 'timeout') => {
      clearTimeout(timer);
      socket.destroy();
      const at = got.indexOf('\r\n\r\n');
      done({ head: at < 0 ? got : got.slice(0, at + 2), text: at < 0 ? '' : got.slice(at + 4), closedBy, sent });
    };
    socket.on('data', (d) => (got += d));
    socket.on('error', () => undefined); // a reset after the answer is the server closing: 'close' follows
    socket.on('close', () => finish('server'));
    socket.on('connect', () => {
      const length = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`;
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`);
      const pump = () => {
        while (sent < total && !socket.destroyed) {
          sent += block.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  });
}
