import { Worker } from "node:worker_threads";
import type { ThreadError, ThreadOptions, ThreadReply, ThreadRequest } from "./sqlite-thread-protocol.js";

export interface SqliteThread {
  /** Sends one request; resolves with its answer, rejects with the error the thread met (name, code, cause kept). */
  request(message: ThreadRequest): Promise<unknown>;
  /** Closes the connection and ends the thread. */
  close(): Promise<void>;
  /** Why the thread ended without being asked to (it could not open its file, or could not roll back): it serves nothing more. */
  readonly failure: Error | undefined;
  /**
   * Called with what the thread reports unasked: `ended` once it has stopped serving for good (the
   * process should make way for a fresh one); otherwise a fault it keeps answering (the file deleted).
   */
  onTrouble(listener: (error: Error, ended: boolean) => void): void;
}

/** The error the thread reported, rebuilt: Prisma reads a DriverAdapterError by its name and cause. */
function rebuilt(error: ThreadError): Error {
  const result = new Error(error.message, error.cause === undefined ? undefined : { cause: error.cause }) as Error & { code?: string };
  result.name = error.name;
  if (error.code) result.code = error.code;
  return result;
}

/**
 * Starts the SQLite thread (sqlite-thread-entry.ts). The thread is loaded through tsx's API, which
 * Node 20 does not pass on to worker threads by itself. The thread does not keep the process alive
 * while nothing is asked of it.
 */
export function startSqliteThread(options: ThreadOptions): SqliteThread {
  const entry = new URL("./sqlite-thread-entry.ts", import.meta.url).href;
  const worker = new Worker(`import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`, {
    eval: true,
    workerData: options,
  });
  worker.unref();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  let stopped: Error | undefined;
  let closing = false;
  const listeners: Array<(error: Error, ended: boolean) => void> = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  const idle = () => {
    if (pending.size === 0) worker.unref();
  };
  const stop = (error: Error) => {
    if (!stopped && !closing) for (const listener of listeners) listener(error, true);
    stopped ??= error;
    for (const { reject } of pending.values()) reject(stopped);
    pending.clear();
    readyResolve();
  };

  worker.on("message", (reply: ThreadReply) => {
    if (reply.id === 0) return readyResolve();
    if (reply.id === -1) {
      if (!reply.ok) for (const listener of listeners) listener(rebuilt(reply.error), false);
      return;
    }
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.value);
    else waiting?.reject(rebuilt(reply.error));
    idle();
  });
  // An outage to the HTTP layer (503, retry later): SQLITE_IOERR is one of isDatabaseUnavailable's codes.
  const gone = (reason: string) => Object.assign(new Error(`the SQLite thread stopped: ${reason}`), { code: "SQLITE_IOERR" });
  worker.on("error", (error) => stop(gone(error.message)));
  worker.on("exit", (code) => stop(gone(`exit code ${code}`)));

  const request = async (message: ThreadRequest) => {
    await ready;
    if (stopped) throw stopped;
    const id = next++;
    worker.ref();
    return new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  return {
    request,
    get failure() {
      return closing ? undefined : stopped;
    },
    onTrouble(listener) {
      listeners.push(listener);
    },
    async close() {
      if (stopped) return;
      closing = true;
      await request({ op: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
