import type { JobKind } from "../../jobs/worker.js";
import type { ShopperTopic } from "../request-types.js";
import { accessJob } from "./access-job.js";
import { correctionJob } from "./correction-job.js";
import { deletionJob } from "./deletion-job.js";
import { optOutJob } from "./opt-out-job.js";
import type { ShopperJobDeps } from "./shopper-job.js";

export type { ShopperJobDeps } from "./shopper-job.js";

/** The job kind of each shopper request topic (a request's job has its topic as its kind). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the worker's kinds map takes any outcome
export function shopperJobKinds(deps: ShopperJobDeps): Record<ShopperTopic, JobKind<any>> {
  return {
    "shopper/access": accessJob(deps),
    "shopper/correction": correctionJob(deps),
    "shopper/deletion": deletionJob(deps),
    "shopper/opt_out": optOutJob(deps),
  };
}
