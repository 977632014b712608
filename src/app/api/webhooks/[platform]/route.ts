import { withPublicRoute } from "@/server/access/with-public-route";
import { AppError } from "@/server/errors/app-error";
import { handleWebhook, MAX_WEBHOOK_BYTES } from "@/server/pipeline/handle-webhook";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute<{ params: Promise<{ platform: string }> }>(
  { route: "webhook", reason: "Platform webhooks: handleWebhook verifies the platform signature and rate-limits per channel." },
  async (req, ctx) => {
    const { platform } = await ctx.params;
    if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", "Webhook body is larger than 1 MB.");
    }
    // The signature covers the exact bytes received: read the raw body before any parsing.
    const rawBody = await req.text();
    return Response.json(await handleWebhook(platform, rawBody, req.headers));
  },
);
