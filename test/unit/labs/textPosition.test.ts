// Positions in lab.yaml come from the text itself: inside a flow collection the yaml package's own line
// counter loses the line breaks (found by the property test: "column 107 of a 97-character line").
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_SYNTAX_PROBLEMS, parseLab } from '../../../src/core/labs/validate';
import { positionsIn } from '../../../src/core/labs/textPosition';

describe('lab.yaml positions', () => {
  it('positionsIn counts lines and columns from the text, at its ends too', () => {
    const at = positionsIn('ab\ncd\n\nef', 'f');
    assert.deepEqual([0, 1, 2, 3, 5, 6, 7, 9, 99, -1].map(at), ['f:1:1', 'f:1:2', 'f:1:3', 'f:2:1', 'f:2:3', 'f:3:1', 'f:4:1', 'f:4:3', 'f:4:3', 'f:1:1']);
  });

  it('a syntax error inside a flow mapping points at a real column of its line; a thousand errors are cut to the first ones', () => {
    const text = '{' + readFileSync(resolve(__dirname, '../../../labs/notification-retry-storm/lab.yaml'), 'utf8');
    const parsed = parseLab(text, 'lab.yaml', '/lab');
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const lines = text.split('\n');
    for (const p of parsed.problems) {
      const [, line, col] = p.where.split(':').map(Number);
      assert.ok(col <= lines[line - 1].length + 1, `${p.where}: the line has ${lines[line - 1].length} characters`);
    }
    assert.equal(parsed.problems.length, MAX_SYNTAX_PROBLEMS);
    assert.match(parsed.problems.at(-1)!.message, /\(and \d{3,} more syntax errors after this one\)$/);
  });
});
