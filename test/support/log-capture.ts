import { Writable } from "node:stream";

/** A pino destination that keeps every line, to assert on what the app logs (and never logs). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void) {
    this.lines.push(...chunk.toString().split("\n").filter(Boolean));
    callback();
  }
  get text() {
    return this.lines.join("\n");
  }
  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
