import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../web/config/paths.js";

export interface ChildApp {
  child: ChildProcess;
  /** Every stdout line that parsed as a pino JSON line. */
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  waitForLog(predicate: (entry: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs `web/index.ts` (what `npm start` runs) in a child process with the given environment. */
export function spawnApp(env: Record<string, string>): ChildApp {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "web/index.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        /* not a log line */
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    logs,
    stderr: () => stderr,
    exited,
    waitForLog(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`log line not seen within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`));
        }, timeoutMs);
        waiters.add(check);
        exited.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            const last = logs
              .slice(-3)
              .map((e) => `${e.msg} ${JSON.stringify(e.err ?? "")}`)
              .join("\n");
            reject(new Error(`app exited; last logs:\n${last}\nstderr: ${stderr.slice(-1000)}`));
          }
        });
        check();
      });
    },
  };
}
