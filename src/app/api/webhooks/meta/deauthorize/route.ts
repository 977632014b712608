import { withPublicRoute } from "@/server/access/with-public-route";
import { handleMetaDeauthorizeCallback } from "@/server/channels/updates/meta-deauthorize-callback";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { readTextLimited } from "@/server/infra/http/read-body-limited";
import { throttleWebhookSource } from "@/server/infra/http/throttle-webhook-source";

export const dynamic = "force-dynamic";

/** Meta's Deauthorize Callback URL (Facebook Login settings): a person removed the app. */
export const POST = withPublicRoute(
  { route: "webhook", reason: "Meta's deauthorize callback: the signed_request is verified with the app secret before anything changes." },
  async (req) => {
    await throttleWebhookSource("meta-deauthorize", req.headers);
    const form = new URLSearchParams(await readTextLimited(req, BODY_LIMITS.webhook));
    await handleMetaDeauthorizeCallback(form);
    // Meta only needs a 200; nothing about who or which channels goes back.
    return Response.json({ ok: true });
  },
);
