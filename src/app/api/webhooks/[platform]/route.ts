import { withPublicRoute } from "@/server/access/with-public-route";
import { AppError } from "@/server/infra/errors/app-error";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { readTextLimited } from "@/server/infra/http/read-body-limited";
import { throttleWebhookSource } from "@/server/infra/http/throttle-webhook-source";
import { handleWebhook, webhookHandshake } from "@/server/pipeline/handle-webhook";

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

export const GET = withPublicRoute<{ params: Promise<{ platform: string }> }>(
  { route: "webhook", reason: "Platform webhook verification (Meta's hub.challenge): the connector checks the verify token." },
  async (req, ctx) => {
    const { platform } = await ctx.params;
    await throttleWebhookSource(platform, req.headers);
    const result = webhookHandshake(platform, new URL(req.url).searchParams);
    if (!result.ok) throw new AppError(result.status === 404 ? "NOT_FOUND" : result.status === 403 ? "FORBIDDEN" : "BAD_REQUEST", result.reason);
    return new Response(result.body, { headers: { "content-type": result.contentType, "cache-control": "no-store" } });
  },
);
