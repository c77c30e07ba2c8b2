// mocha's spec reporter, plus a tally appended to $BREAKFIX_TALLY so scripts/test.sh can print one
// closing "N passed, N failed, N skipped" line for all suites, and each top-level suite's wall time.
const Mocha = require('mocha');
const { appendFileSync } = require('node:fs');

class TallyReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    // Each top-level suite's wall time, hooks included (where a suite's time goes: its before/after hooks
    // bring stacks up and down, which the per-test times do not show).
    const started = new Map();
    runner.on('suite', (suite) => started.set(suite, Date.now()));
    runner.on('suite end', (suite) => {
      if (!suite.parent?.root || !started.has(suite)) return;
      const seconds = Math.round((Date.now() - started.get(suite)) / 1000);
      // In parallel mode (unit) the events are replayed after each file ran: no time to tell.
      if (seconds >= 5) console.log(`      (suite "${suite.title}": ${seconds} s)`);
    });
    runner.once('end', () => {
      const s = this.stats;
      if (process.env.BREAKFIX_TALLY) appendFileSync(process.env.BREAKFIX_TALLY, `${s.passes} ${s.failures} ${s.pending}\n`);
    });
  }
}
module.exports = TallyReporter;
