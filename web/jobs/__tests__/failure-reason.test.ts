import { describe, expect, it } from "vitest";
import { merchantReason } from "../failure-reason.js";

describe("merchantReason", () => {
  it("keeps the reason of a Prisma error, without its source excerpt or server paths", () => {
    const prismaError = new Error(
      "\nInvalid `prisma.consentReceipt.deleteMany()` invocation in\n/srv/app/web/consent/receipts.ts:51:56\n\n  48   for (;;) {\n  49     const batch = await prisma.consentReceipt.findMany({ where });\n→ 51     const { count } = await prisma.consentReceipt.deleteMany(\nToo many bind variables in prepared statement, expected maximum of 999, received 1000",
    );
    const reason = merchantReason(prismaError);
    expect(reason).toBe("Too many bind variables in prepared statement, expected maximum of 999, received 1000");
  });

  it("removes paths, emails and IPs, keeps one short line", () => {
    const reason = merchantReason(
      new Error(`ENOENT: no such file /var/lib/app/data/export.json for john@example.com at 203.0.113.9\n    at Object.run (/srv/app/web/jobs/worker.ts:10:3)`),
    );
    expect(reason).not.toMatch(/\/var\/lib|\/srv|john@|203\.0\.113|\n/);
    expect(reason).toMatch(/^ENOENT: no such file \[path\]/);
    expect(merchantReason(new Error("x".repeat(500))).length).toBeLessThanOrEqual(200);
  });

  it("names a database outage plainly", () => {
    expect(merchantReason(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toMatch(/database was unavailable/);
  });
});
