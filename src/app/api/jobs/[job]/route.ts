import { withPublicRoute } from "@/server/access/with-public-route";
import { handleQStashDelivery } from "@/server/jobs/handle-qstash-delivery";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute<{ params: Promise<{ job: string }> }>(
  { route: "jobs", reason: "QStash deliveries: handleQStashDelivery verifies the QStash signature before running the job." },
  async (req, ctx) => handleQStashDelivery((await ctx.params).job, req),
);
