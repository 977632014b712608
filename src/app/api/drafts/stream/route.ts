import { z } from "zod";
import { withWorkspace } from "@/server/access/with-workspace";
import { AppError } from "@/server/infra/errors/app-error";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { readTextLimited } from "@/server/infra/http/read-body-limited";
import { streamInboxDraft } from "@/server/inbox/stream-inbox-draft";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ conversationId: z.string().min(1).max(100) });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** POST /api/drafts/stream {conversationId}: an AI draft streamed as plain text (agents and admins). */
export const POST = withWorkspace({ route: "drafts.stream", minRole: "AGENT", rateLimit: "ai" }, async (req, actor) => {
  const text = await readTextLimited(req, BODY_LIMITS.drafts);
  const parsed = bodySchema.safeParse(parseJson(text));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Body must be {\"conversationId\": string}.");
  const stream = await streamInboxDraft({ workspaceId: actor.workspaceId, userId: actor.userId, role: actor.role }, parsed.data.conversationId);
  return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});
