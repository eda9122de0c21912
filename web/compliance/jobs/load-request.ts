import type { Db } from "../../db/database.js";
import type { ClaimedJob } from "../../jobs/queue.js";
import type { Keyring } from "../../security/encryption.js";
import { compliancePayloads, type CompliancePayload, type ComplianceTopic } from "../payloads.js";

/** The job's request with its payload decrypted and parsed (it was validated when received). */
export async function loadRequest<T extends ComplianceTopic>(prisma: Db, keyring: Keyring, job: ClaimedJob, topic: T) {
  const request = await prisma.complianceRequest.findFirstOrThrow({ where: { id: job.requestId ?? "", shopDomain: job.shopDomain } });
  const raw = request.payload ? keyring.decrypt(request.payload, `compliance:${request.dedupKey}`) : "{}";
  const payload = compliancePayloads[topic].parse(JSON.parse(raw)) as CompliancePayload<T>;
  return { request, payload };
}
