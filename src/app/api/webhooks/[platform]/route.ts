import { withPublicRoute } from "@/server/access/with-public-route";
import { BODY_LIMITS } from "@/server/http/body-limits";
import { readTextLimited } from "@/server/http/read-body-limited";
import { throttleWebhookSource } from "@/server/http/throttle-webhook-source";
import { handleWebhook } from "@/server/pipeline/handle-webhook";

export const dynamic = "force-dynamic";

export const POST = withPublicRoute<{ params: Promise<{ platform: string }> }>(
  { route: "webhook", reason: "Platform webhooks: handleWebhook verifies the platform signature and rate-limits per source and per channel." },
  async (req, ctx) => {
    const { platform } = await ctx.params;
    // Per-source throttling comes first, so a flood costs neither the body read nor a lookup.
    await throttleWebhookSource(platform, req.headers);
    // The signature covers the exact bytes received: read the raw body (bounded) before any parsing.
    const rawBody = await readTextLimited(req, BODY_LIMITS.webhook);
    return Response.json(await handleWebhook(platform, rawBody, req.headers));
  },
);
