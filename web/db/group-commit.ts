import { DatabaseUnavailableError } from "./errors.js";

/**
 * The database is too slow or down and the queue is full. An outage like any other to the HTTP layer
 * (503 with Retry-After, Shopify and the banner retry): nothing is lost.
 */
export class QueueFullError extends DatabaseUnavailableError {
  constructor() {
    super(undefined);
    this.message = "database writes are backed up; retry later";
    this.name = "QueueFullError";
  }
}

export interface GroupCommitOptions<Item, Result> {
  /** Writes a batch in one transaction; returns each item's own result (or Error), in order. Throws if the batch failed as a whole. */
  flush(items: Item[]): Promise<Array<Result | Error>>;
  /** Rows per batch at most. */
  maxBatch: number;
  /** How long the first item of a batch waits for company; 0: until the next turn of the event loop (every request already read joins). */
  maxDelayMs: number;
  /** Items waiting at most; beyond it, submit() rejects with QueueFullError (shed, rather than grow memory). */
  maxQueue: number;
  /**
   * Batches in flight at once (default 1). Two keep a writer that runs batches in turn (the SQLite
   * thread) busy: the next batch is already there when one commits.
   */
  inFlight?: number;
}

/**
 * Group commit: concurrent requests join a short batch written in one transaction, and each is answered
 * only once its batch has committed. One batch is in flight at a time (or `inFlight`); items arriving
 * meanwhile form the next one. An item's own failure (a duplicate key) fails only that item; a failed batch fails its items.
 */
export function groupCommit<Item, Result>(options: GroupCommitOptions<Item, Result>) {
  type Waiting = { item: Item; resolve: (result: Result) => void; reject: (error: Error) => void };
  let queue: Waiting[] = [];
  let flushing = 0;
  let scheduled = false;
  const inFlight = options.inFlight ?? 1;
  const full = () => flushing >= inFlight;

  const schedule = () => {
    if (full() || scheduled || queue.length === 0) return;
    scheduled = true;
    if (queue.length >= options.maxBatch || options.maxDelayMs <= 0) setImmediate(run);
    else setTimeout(run, options.maxDelayMs);
  };

  async function run() {
    scheduled = false;
    if (full() || queue.length === 0) return;
    flushing++;
    const batch = queue.slice(0, options.maxBatch);
    queue = queue.slice(batch.length);
    try {
      const results = await options.flush(batch.map((w) => w.item));
      batch.forEach((waiting, i) => {
        const result = results[i];
        if (result instanceof Error) waiting.reject(result);
        else waiting.resolve(result as Result);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error as Error);
    } finally {
      flushing--;
      // What arrived during the write is the next batch: go at once, it has waited long enough.
      if (queue.length && !scheduled) {
        scheduled = true;
        setImmediate(run);
      }
    }
  }

  return {
    submit(item: Item): Promise<Result> {
      if (queue.length >= options.maxQueue) return Promise.reject(new QueueFullError());
      return new Promise<Result>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= options.maxBatch && scheduled && !full()) setImmediate(run);
        schedule();
      });
    },
    /** Items waiting (not counting the batch in flight). */
    get waiting() {
      return queue.length;
    },
  };
}

export type GroupCommit<Item, Result> = ReturnType<typeof groupCommit<Item, Result>>;
