// A temp copy of lab 1 for the checker's integration tests. Where the lab's own lab.yaml does not yet define
// faults / scenario / checks, or has no load service, the fixture's are merged in (labs/ itself is never edited).
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';

export const LAB = 'notification-retry-storm';
const repo = resolve(__dirname, '../../..');
const fixture = resolve(__dirname, 'fixture');

/** Returns a labs folder (for BREAKFIX_LABS_DIR) holding a complete copy of lab 1. */
export function fixtureLabs(): string {
  const labs = mkdtempSync(join(tmpdir(), 'bf-checker-labs-'));
  cpSync(join(repo, 'labs', 'lab.schema.json'), join(labs, 'lab.schema.json'));
  const dir = join(labs, LAB);
  cpSync(join(repo, 'labs', LAB), dir, { recursive: true, filter: (src) => !src.includes('node_modules') });

  const labFile = join(dir, 'lab.yaml');
  const doc = parseDocument(readFileSync(labFile, 'utf8'));
  const extra = parse(readFileSync(join(fixture, 'lab-extra.yaml'), 'utf8')) as Record<string, unknown>;
  const lab = doc.toJS() as Record<string, unknown>;
  for (const key of ['faults', 'scenario', 'checks']) {
    const have = lab[key];
    if (have === undefined || (Array.isArray(have) && have.length === 0)) doc.set(key, extra[key]);
  }
  writeFileSync(labFile, doc.toString());

  const composeFile = join(dir, 'compose.yaml');
  // parseDocument keeps the file's quoting ("yes" must stay a string for Compose v1's YAML 1.1 parser).
  const compose = parseDocument(readFileSync(composeFile, 'utf8'));
  const loadService = ((doc.toJS() as { scenario: { load: { service: string } } }).scenario.load.service);
  if (!compose.hasIn(['services', loadService])) {
    cpSync(join(fixture, 'services', 'load'), join(dir, 'services', loadService), { recursive: true });
    compose.setIn(['services', loadService], compose.createNode({ build: `./services/${loadService}`, profiles: ['load'], environment: { TARGET_URL: 'http://api:8080/notifications' } }));
    writeFileSync(composeFile, compose.toString());
  } else if (!existsSync(join(dir, 'services', loadService))) {
    throw new Error(`compose.yaml has a ${loadService} service but services/${loadService} is missing`);
  }
  return labs;
}
