import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A small tmpfs of the test's own (root only, as CI runs): a real disk that fills up. `fill()` takes
 * every free byte with a filler file, so SQLite's next write meets ENOSPC (SQLITE_FULL); `free()` gives
 * the space back.
 */
export interface Tmpfs {
  dir: string;
  fill(): void;
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `sizeMb`; `{ skip }` with the reason where mounting is not allowed. */
export function mountTmpfs(sizeMb: number): Tmpfs | { skip: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "consent-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})` };
  }
  const filler = path.join(dir, "filler");
  return {
    dir,
    fill() {
      const fd = openSync(filler, "a");
      try {
        for (const size of [1 << 20, 4096, 1]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      unlinkSync(filler);
    },
    unmount() {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
