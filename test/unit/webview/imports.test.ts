// The webview shares the protocol with the host through `import type` only, and reaches nothing
// else of the extension: its bundle must not pull host code into the browser.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.resolve(__dirname, '../../../webview/dashboard');

describe('webview: imports', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  it('finds the webview sources', () => assert.ok(files.includes('main.ts')));
  for (const f of files) {
    it(`${f} imports the extension's protocol with import type only`, () => {
      const text = fs.readFileSync(path.join(DIR, f), 'utf8');
      const imports = [...text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)];
      for (const m of imports) {
        const spec = m[2];
        if (!spec.includes('src/')) continue;
        assert.ok(spec.endsWith('src/extension/webviews/dashboard/protocol'), `${f} imports ${spec}`);
        assert.ok(m[1], `${f} imports ${spec} without "import type"`);
      }
    });
  }
});
