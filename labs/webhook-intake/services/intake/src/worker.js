'use strict';
// Work the intake does after it has answered. index.js calls startWorker(tools) once the schema is
// applied, and backlog(tools) before every metrics scrape (the gauge intake_backlog; the checker's
// drain waits for it to reach 0).
//
// tools: { db, deliver(event), deadLetter(event, reason), concurrency, stopping() } (see index.js)

/** Starts the background work. */
function startWorker(tools) {
  // Nothing to do: receive() credits every event before it answers.
}

/** How many accepted events are not settled yet (neither credited nor dead-lettered). */
async function backlog(tools) {
  return 0;
}

module.exports = { startWorker, backlog };
