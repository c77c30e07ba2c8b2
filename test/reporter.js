// mocha's spec reporter, plus a tally appended to $BREAKFIX_TALLY so scripts/test.sh can print one
// closing "N passed, N failed, N skipped" line for all suites.
const Mocha = require('mocha');
const { appendFileSync } = require('node:fs');

class TallyReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = this.stats;
      if (process.env.BREAKFIX_TALLY) appendFileSync(process.env.BREAKFIX_TALLY, `${s.passes} ${s.failures} ${s.pending}\n`);
    });
  }
}
module.exports = TallyReporter;
