import { handleQStashDelivery } from "@/server/jobs/handle-qstash-delivery";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ job: string }> }): Promise<Response> {
  return handleQStashDelivery((await ctx.params).job, req);
}
