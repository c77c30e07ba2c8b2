'use strict';
// Group commit for POST /notifications. A request that arrives while earlier ones are being written
// joins the next batch, so under load one INSERT (one Postgres commit) and one LPUSH carry many
// notifications, while an idle API still writes each request at once (no timer, no added wait).
// The same idea as a database's group commit or a Kafka producer's batching.

class GroupCommit {
  /**
   * @param {(items: any[]) => Promise<any[]>} writeBatch  writes items; resolves one result per item
   *   (a value, or an Error for that item alone); a rejection fails the whole batch
   * @param {{maxBatch?: number, maxInFlight?: number}} opts  batch size cap; batches written at once
   */
  constructor(writeBatch, { maxBatch = 256, maxInFlight = 2 } = {}) {
    this.writeBatch = writeBatch;
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
    try {
      const results = await this.writeBatch(batch.map((b) => b.item));
      batch.forEach((b, i) => (results[i] instanceof Error ? b.reject(results[i]) : b.resolve(results[i])));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}

module.exports = { GroupCommit };
