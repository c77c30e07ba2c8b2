'use strict';
// Group commit for POST /notifications. A request that arrives while earlier ones are being written
// joins the next batch, so under load one INSERT (one Postgres commit) and one LPUSH carry many
// notifications, while an idle API still writes each request at once (no timer, no added wait).
// The same idea as a database's group commit or a Kafka producer's batching.
// One bad request must never fail the others of its batch: when a batch fails because of one item's
// data (isItemError), its items are written again one at a time, so only the bad one fails.

class GroupCommit {
  /**
   * @param {(items: any[]) => Promise<any[]>} writeBatch  writes items; resolves one result per item
   *   (a value, or an Error for that item alone); a rejection fails the whole batch
   * @param {{maxBatch?: number, maxInFlight?: number, isItemError?: (err: Error) => boolean}} opts
   *   batch size cap; batches written at once; whether a batch's rejection came from the data of one
   *   of its items, with nothing written (then each item is written alone)
   */
  constructor(writeBatch, { maxBatch = 256, maxInFlight = 2, isItemError = () => false } = {}) {
    this.writeBatch = writeBatch;
    this.isItemError = isItemError;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.waiting = [];
    this.inFlight = 0;
  }

  /** Resolves with the item's result once its batch is written. */
  submit(item) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  pump() {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  async write(batch) {
    let results;
    try {
      results = await this.writeBatch(batch.map((b) => b.item));
    } catch (err) {
      // Alone, each item gets its own answer: the bad one its error, the others their results.
      // (They still count as one batch in flight, so the isolation costs no extra concurrency.)
      if (batch.length > 1 && this.isItemError(err)) return void (await Promise.all(batch.map((b) => this.write([b]))));
      for (const b of batch) b.reject(err);
      return;
    }
    batch.forEach((b, i) => (results[i] instanceof Error ? b.reject(results[i]) : b.resolve(results[i])));
  }
}

module.exports = { GroupCommit };
