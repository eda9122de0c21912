import type { Db } from "../db/database.js";
import type { JobKind } from "../jobs/worker.js";
import type { Keyring } from "../security/encryption.js";
import { customerRedactJob } from "./jobs/customer-redact.js";
import { dataRequestJob } from "./jobs/data-request.js";
import { shopRedactJob } from "./jobs/shop-redact.js";
import type { ComplianceTopic } from "./payloads.js";

/** The job kind of each compliance topic (a request's job has the topic as its kind). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each topic has its own outcome type
export function complianceJobKinds(prisma: Db, keyring: Keyring, batchSize: number): Record<ComplianceTopic, JobKind<any>> {
  return {
    "customers/data_request": dataRequestJob(prisma, keyring),
    "customers/redact": customerRedactJob(prisma, keyring, batchSize),
    "shop/redact": shopRedactJob(batchSize),
  };
}
