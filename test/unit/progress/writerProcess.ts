// Child process for the kill -9 test: makes the writes it is given, in order, through the same store
// API the CLI uses, and prints "ok <i>" after each one has returned (i.e. is durable).
//   even i: a note "note-<i>"; odd i: an attempt whose failed list is ["w-<i>"]
import { addNote, recordAttempt } from '../../../src/core/progress';

const [ws, list] = process.argv.slice(2);
(async () => {
  for (const i of list.split(',').map(Number)) {
    if (i % 2 === 0) await addNote(ws, 'lab-a', `note-${i}`);
    else await recordAttempt(ws, 'lab-a', { verdict: 'fail', failed: [`w-${i}`] });
    process.stdout.write(`ok ${i}\n`);
  }
})().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
