// The lab kit's request-body reader (labs/_kit/lib/body.js) is the only one: no service keeps a copy, every
// service that takes a request body takes it through the kit, and the reader itself holds up against
// hostile bodies (in process, no Docker). Also lab 1's group commit: one bad row in a batch fails only its
// own request.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const labsDir = resolve(__dirname, '../../../labs');
/** Every labs/<lab>/services/<service>/src directory. */
const serviceSrcDirs = readdirSync(labsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(labsDir, d.name, 'services')))
  .flatMap((lab) => readdirSync(join(labsDir, lab.name, 'services')).map((svc) => join(labsDir, lab.name, 'services', svc, 'src')))
  .filter((dir) => existsSync(dir));
const jsFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
const rel = (p: string) => p.slice(labsDir.length + 1);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const body = require(join(labsDir, '_kit/lib/body.js'));

describe('lab services: the lab kit\'s request-body reader', () => {
  it('no service keeps its own copy of a body reader or an HTTP server', () => {
    const copies = serviceSrcDirs.map((d) => join(d, 'body.js')).filter((p) => existsSync(p)).map(rel);
    assert.deepEqual(copies, [], 'the kit (labs/_kit/lib/body.js) is the one body reader');
    const servers = serviceSrcDirs.flatMap(jsFiles).filter((f) => /createServer\(/.test(readFileSync(f, 'utf8'))).map(rel);
    assert.deepEqual(servers, [], 'serve() of the kit is the one HTTP server (body limits, /healthz, /metrics, SIGTERM)');
  });

  it('every service that takes a request body takes it through the kit, and nothing else reads one', () => {
    // A service takes bodies when it routes POST/PUT/PATCH, or is a load service (serveLoad takes POST /runs).
    const readers: string[] = [];
    const strays: string[] = [];
    for (const dir of serviceSrcDirs) {
      const files = jsFiles(dir);
      const sources = files.map((f) => readFileSync(f, 'utf8'));
      if (sources.some((s) => /'(POST|PUT|PATCH) \//.test(s) || /serveLoad\(/.test(s))) {
        readers.push(rel(dir));
        assert.ok(sources.some((s) => /require\('@breakfix\/lab-kit'\)/.test(s)), `${rel(dir)} takes bodies but does not use @breakfix/lab-kit`);
      }
      files.forEach((f, i) => {
        if (/\breq\.on\(\s*['"]data['"]|for await \(const \w+ of req\)|\breq\.(setEncoding|read)\(|\.pipe\(/.test(sources[i])) strays.push(rel(f));
      });
    }
    assert.deepEqual(strays, [], 'reads a request body without the kit');
    assert.deepEqual(readers.sort(), [
      'checkout-connection-storm/services/checkout/src',
      'checkout-connection-storm/services/load/src',
      'checkout-connection-storm/services/payments/src',
      'notification-retry-storm/services/api/src',
      'notification-retry-storm/services/load/src',
      'notification-retry-storm/services/provider/src',
      'poison-message-dlq/services/api/src',
      'poison-message-dlq/services/ledger/src',
      'poison-message-dlq/services/load/src',
      'transactional-outbox/services/load/src',
      'transactional-outbox/services/orders/src',
      'url-shortener-hot-keys/services/load/src',
      'url-shortener-hot-keys/services/redirect/src',
      'webhook-intake/services/accounts/src',
      'webhook-intake/services/intake/src',
      'webhook-intake/services/load/src',
    ]);
  });

  describe('against hostile bodies (limit 1024 bytes)', () => {
    let server: Server;
    let port: number;
    let bytesRead = 0;
    before(async () => {
      server = createServer(async (req, res) => {
        req.on('data', (c: Buffer) => (bytesRead += c.length)); // counts what the reader lets through
        const b = await body.readJson(req, res, { limit: 1024, emptyAs: req.url === '/empty-ok' ? {} : undefined });
        if (b.problem) return body.sendProblem(res, b.problem);
        res.end(JSON.stringify(req.url === '/raw' ? { raw: b.raw.toString('utf8'), value: b.value } : b.value));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => {
      server.closeAllConnections();
      server.close();
    });
    const post = async (text: string, path = '/') => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: text });
      return { status: res.status, body: (await res.json()) as { error: string; field: string | null } };
    };

    for (const chunked of [false, true]) {
      it(`an upload over the limit (${chunked ? 'chunked, no Content-Length' : 'Content-Length'}) gets 413 with Connection: close, and the rest is never read`, async () => {
        bytesRead = 0;
        const r = await rawUpload(port, 20 * 1024 * 1024, chunked);
        assert.match(r.head, /^HTTP\/1\.1 413 /);
        assert.match(r.head, /\r\nConnection: close\r\n/i);
        assert.match(r.text, /"error":"request body must be at most 1024 bytes"/);
        assert.ok(r.closedBy === 'server', 'the server closed the connection');
        assert.ok(bytesRead < 256 * 1024, `read ${bytesRead} bytes of a 20 MB upload`);
      });
    }

    it('null, arrays, numbers and malformed JSON get 400 naming the problem', async () => {
      for (const [text, pattern] of [['null', /not null/], ['[1]', /not an array/], ['42', /not number/], ['"x"', /not string/], ['{', /malformed JSON/], ['', /malformed JSON/]] as const) {
        const r = await post(text);
        assert.equal(r.status, 400, text);
        assert.match(r.body.error, pattern);
        assert.equal(r.body.field, null);
      }
      assert.deepEqual((await post('', '/empty-ok')).body, {}, 'emptyAs gives the empty body a value');
    });

    it('a NUL character in any string or key, and a non-finite number anywhere, get 400 naming the field', async () => {
      const cases: [string, string][] = [
        ['{"to":"a\\u0000b"}', 'to'],
        ['{"set":{"sku":"x\\u0000"}}', 'set.sku'],
        ['{"list":["ok","\\u0000"]}', 'list[1]'],
        ['{"k\\u0000":1}', 'k\u0000'],
        ['{"qty":1e400}', 'qty'],
        ['{"a":[{"b":-1e999}]}', 'a[0].b'],
      ];
      for (const [text, field] of cases) {
        const r = await post(text);
        assert.equal(r.status, 400, text);
        assert.equal(r.body.field, field, text);
        assert.match(r.body.error, /NUL|finite/);
      }
    });

    it('a body that parses comes with its exact bytes (raw), for a signature over them', async () => {
      // Whitespace, key order and escapes survive only in the bytes: JSON.stringify(value) would not match an HMAC.
      const text = '{ "b": 1,\n  "a": "caf\\u00e9" }';
      const r = await post(text, '/raw');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { raw: text, value: { b: 1, a: 'café' } });
    });

    it('deep nesting does not overflow the stack', async () => {
      const deep = `{"a":${'['.repeat(500)}${']'.repeat(500)}}`;
      assert.equal((await post(deep)).status, 200);
    });
  });

  it('integerField: whole, safe and in range, or a problem naming the field', () => {
    const f = (v: unknown, opts = {}) => body.integerField({ qty: v }, 'qty', { min: 1, max: 1000, ...opts });
    assert.equal(f(3), null);
    for (const bad of [0, 1001, 1.5, 1e300, '3', null, true]) assert.equal(f(bad)?.field, 'qty', JSON.stringify(bad));
    assert.equal(body.integerField({ a: 2 ** 53 }, 'a', { min: 0 })?.field, 'a', 'beyond MAX_SAFE_INTEGER');
    assert.equal(body.integerField({}, 'a', { min: 0, required: false }), null);
    assert.equal(body.integerField({}, 'a', { min: 0 })?.field, 'a');
  });

  it('unknownKeys: own keys only, "__proto__" and "constructor" included, with the allowed list', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"constructor":1,"ok":1}');
    const p = body.unknownKeys(parsed, ['ok']);
    assert.equal(p.status, 400);
    assert.equal(p.field, '__proto__');
    assert.deepEqual(p.allowed, ['ok']);
    assert.match(p.error, /"__proto__", "constructor"/);
    assert.equal(body.unknownKeys({ ok: 1 }, ['ok']), null);
  });
});

describe('lab 1 API: a bad row fails only its own request (group commit)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GroupCommit } = require(join(labsDir, 'notification-retry-storm/services/api/src/groupCommit.js'));
  const dataError = (isItemError: boolean) => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', itemError: isItemError });

  it('a batch refused for one row is written again one item at a time', async () => {
    const batches: string[][] = [];
    const write = async (items: string[]) => {
      batches.push(items);
      if (items.includes('bad')) throw dataError(true);
      return items.map((i) => `ok:${i}`);
    };
    const gc = new GroupCommit(write, { maxInFlight: 1, isItemError: (e: { itemError?: boolean }) => e.itemError === true });
    const all = ['a', 'b', 'bad', 'c', 'd'].map((i) => gc.submit(i).then((r: string) => r, (e: Error) => e));
    const results = await Promise.all(all);
    assert.deepEqual(results.filter((r) => typeof r === 'string'), ['ok:a', 'ok:b', 'ok:c', 'ok:d']);
    assert.match(String(results[2]), /0x00/);
    assert.ok(batches.some((b) => b.length > 1 && b.includes('bad')), 'the bad item was batched with others first');
  });

  it('an availability failure still fails the whole batch, without a retry', async () => {
    let calls = 0;
    const gc = new GroupCommit(async () => { calls++; throw new Error('connection terminated'); }, { maxInFlight: 1, isItemError: () => false });
    const results = await Promise.allSettled([1, 2, 3].map((i) => gc.submit(i)));
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    assert.equal(calls, 2, 'batches [1] and [2, 3], each written once');
  });
});

/**
 * Sends `total` bytes of body to 127.0.0.1:port over a raw socket (with a Content-Length, or chunked),
 * reading the answer while sending. Resolves when the socket closes, or after 10 s.
 */
function rawUpload(port: number, total: number, chunked: boolean) {
  return new Promise<{ head: string; text: string; closedBy: 'server' | 'timeout' }>((done) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    let sent = 0;
    const block = Buffer.alloc(64 * 1024, 'a');
    const frame = chunked ? Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, Buffer.from('\r\n')]) : block;
    const timer = setTimeout(() => finish('timeout'), 10_000);
    const finish = (closedBy: 'server' | 'timeout') => {
      clearTimeout(timer);
      socket.destroy();
      const [head, ...rest] = got.split('\r\n\r\n');
      done({ head: `${head}\r\n`, text: rest.join('\r\n\r\n'), closedBy });
    };
    socket.on('data', (d) => (got += d));
    socket.on('error', () => undefined); // a reset after the answer is the server closing: see 'close'
    socket.on('close', () => finish('server'));
    socket.on('connect', () => {
      socket.write(`POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`}\r\n\r\n`);
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
