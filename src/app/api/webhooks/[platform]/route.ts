import { httpErrorResponse } from "@/server/errors/http-error-response";
import { handleWebhook, MAX_WEBHOOK_BYTES } from "@/server/pipeline/handle-webhook";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ platform: string }> };

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  const { platform } = await ctx.params;
  try {
    if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
      return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: "Webhook body is larger than 1 MB." } }, { status: 413 });
    }
    // The signature covers the exact bytes received: read the raw body before any parsing.
    const rawBody = await req.text();
    return Response.json(await handleWebhook(platform, rawBody, req.headers));
  } catch (error) {
    return httpErrorResponse(error, { route: "webhook", platform });
  }
}
