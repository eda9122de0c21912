import { describe, expect, it } from "vitest";
import { groupCommit, QueueFullError } from "../group-commit.js";

describe("groupCommit", () => {
  it("writes concurrent submissions in shared batches and answers each after its batch", async () => {
    const batches: number[][] = [];
    const writer = groupCommit<number, number>({
      maxBatch: 10,
      maxDelayMs: 0,
      maxQueue: 1000,
      async flush(items) {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        return items.map((n) => n * 2);
      },
    });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => writer.submit(i)));
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("fails only the item whose own write failed; a failed batch fails its items only", async () => {
    let call = 0;
    const writer = groupCommit<string, string>({
      maxBatch: 3,
      maxDelayMs: 0,
      maxQueue: 100,
      async flush(items) {
        if (call++ === 1) throw new Error("database went away");
        return items.map((s) => (s === "dup" ? new Error("duplicate") : s.toUpperCase()));
      },
    });
    const outcomes = await Promise.allSettled(["a", "dup", "b", "c", "d", "e", "f"].map((s) => writer.submit(s)));
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : (o.reason as Error).message))).toEqual([
      "A",
      "duplicate",
      "B",
      "database went away",
      "database went away",
      "database went away",
      "F",
    ]);
  });

  it("sheds with QueueFullError instead of growing memory when writes back up", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const writer = groupCommit<number, number>({
      maxBatch: 2,
      maxDelayMs: 0,
      maxQueue: 3,
      flush: async (items) => {
        await gate; // the database is stalled until the gate opens
        return items;
      },
    });
    const first = [writer.submit(1), writer.submit(2)];
    await new Promise((r) => setImmediate(r)); // the first batch is in flight
    const queued = [writer.submit(3), writer.submit(4), writer.submit(5)];
    await expect(writer.submit(6)).rejects.toBeInstanceOf(QueueFullError);
    expect(writer.waiting).toBe(3);
    open();
    expect(await Promise.all([...first, ...queued])).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps `inFlight` batches in flight, no more, and answers them in order", async () => {
    const gates: Array<() => void> = [];
    const started: number[][] = [];
    const writer = groupCommit<number, number>({
      maxBatch: 2,
      maxDelayMs: 0,
      maxQueue: 100,
      inFlight: 2,
      flush: async (items) => {
        started.push(items);
        await new Promise<void>((resolve) => gates.push(resolve));
        return items;
      },
    });
    const turn = () => new Promise((r) => setImmediate(r));
    const answers = [writer.submit(1), writer.submit(2)];
    await turn();
    answers.push(writer.submit(3));
    await turn();
    answers.push(writer.submit(4), writer.submit(5));
    await turn();
    // Two batches in flight; the third waits for one of them to commit.
    expect(started).toEqual([[1, 2], [3]]);
    gates.shift()!();
    await turn();
    await turn();
    expect(started).toEqual([[1, 2], [3], [4, 5]]);
    while (gates.length) gates.shift()!();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5]);
  });
});
