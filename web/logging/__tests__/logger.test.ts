import { describe, expect, it } from "vitest";
import { LogCapture } from "../../../test/support/log-capture.js";
import { createLogger, scrub } from "../logger.js";

describe("log scrubbing", () => {
  it("masks tokens, emails and IPv4 addresses in free text, keeping loopback", () => {
    expect(scrub("token shpat_abc.DEF-123 for jane.doe+x@example.co.uk from 203.0.113.9 via 127.0.0.1")).toBe(
      "token shpat_[redacted] for [email] from [ip] via 127.0.0.1",
    );
  });

  it("redacts secret fields and scrubs messages and errors before a line is written", () => {
    const capture = new LogCapture();
    const logger = createLogger("info", capture);
    logger.info(
      { accessToken: "shpat_x", session: { refreshToken: "shprt_y", email: "a@b.co" }, headers: { authorization: "Bearer z" } },
      "for bob@example.com",
    );
    logger.error({ err: new Error("failed for 198.51.100.7") }, "boom");
    expect(capture.text).not.toMatch(/shpat_x|shprt_y|a@b\.co|Bearer z|bob@example\.com|198\.51\.100\.7/);
    expect(capture.entries()[0]).toMatchObject({ accessToken: "[redacted]", msg: "for [email]" });
  });
});
