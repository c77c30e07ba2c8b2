// Child process for the concurrency test: adds `count` notes to lab-a, all at once (they contend
// for the lock inside this process as well as with the other workers).
import { addNote } from '../../../src/core/progress';

const [ws, name, count] = process.argv.slice(2);
Promise.all(Array.from({ length: Number(count) }, (_, i) => addNote(ws, 'lab-a', `${name}-${i}`))).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
