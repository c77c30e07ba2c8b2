// dist/driver.js: the incident driver as the extension starts it (`<node> dist/driver.js <workspace> <labs
// dir>`), a few KB beside dist/core.js, which it requires at run time. The CLI runs the same driveIncident.
import type { Core } from '../extension/core';

async function main(): Promise<number> {
  const [workspace, labsDir] = process.argv.slice(2);
  if (!workspace || !labsDir) {
    process.stderr.write('usage: driver.js <workspace> <labs dir>\n');
    return 2;
  }
  const core = require('./core.js') as Core;
  const catalogue = await core.loadCatalogue(labsDir);
  const findLab = async (id: string) => {
    const entry = core.findLab(catalogue, id);
    if (!entry) throw new Error(`no lab "${id}" in ${labsDir}`);
    return entry;
  };
  await core.driveIncident(workspace, findLab, { signal: core.terminationSignal(), log: (line) => process.stderr.write(line + '\n') });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${new Date().toISOString()} [incident] driver failed: ${err.message}\n`);
    process.exit(1);
  },
);
