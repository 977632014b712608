import { withPublicRoute } from "@/server/access/with-public-route";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { withLimitedBody } from "@/server/infra/http/read-body-limited";
import { handleQStashDelivery } from "@/server/infra/jobs/handle-qstash-delivery";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute<{ params: Promise<{ job: string }> }>(
  { route: "jobs", reason: "QStash deliveries: handleQStashDelivery verifies the QStash signature before running the job." },
  // The body is read (bounded) here; the signature is then verified on exactly those bytes.
  async (req, ctx) => handleQStashDelivery((await ctx.params).job, await withLimitedBody(req, BODY_LIMITS.jobs)),
);
