import type { Db } from "../db/database.js";
import type { JobKind } from "../jobs/worker.js";
import type { Keyring } from "../security/encryption.js";
import { customerRedactJob, type ErasureNotifier } from "./jobs/customer-redact.js";
import { dataRequestJob } from "./jobs/data-request.js";
import { shopRedactJob } from "./jobs/shop-redact.js";
import type { ComplianceTopic } from "./payloads.js";

/**
 * The job kind of each compliance topic (a request's job has the topic as its kind). `notifier` tells
 * shoppers whose deletion a customers/redact completed (the privacy centre's ShopperNotifier).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each topic has its own outcome type
export function complianceJobKinds(prisma: Db, keyring: Keyring, batchSize: number, notifier?: ErasureNotifier): Record<ComplianceTopic, JobKind<any>> {
  return {
    "customers/data_request": dataRequestJob(prisma, keyring),
    "customers/redact": customerRedactJob(prisma, keyring, batchSize, notifier),
    "shop/redact": shopRedactJob(batchSize),
  };
}
