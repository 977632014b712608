import { z } from "zod";
import { withWorkspace } from "@/server/access/with-workspace";
import { AppError } from "@/server/errors/app-error";
import { streamInboxDraft } from "@/server/inbox/stream-inbox-draft";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ conversationId: z.string().min(1).max(100) });

/** POST /api/drafts/stream {conversationId}: an AI draft streamed as plain text (agents and admins). */
export const POST = withWorkspace({ route: "drafts.stream", minRole: "AGENT", rateLimit: "ai" }, async (req, actor) => {
  const parsed = bodySchema.safeParse(await req.json().catch(() => null));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Body must be {\"conversationId\": string}.");
  const stream = await streamInboxDraft({ workspaceId: actor.workspaceId, userId: actor.userId, role: actor.role }, parsed.data.conversationId);
  return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});
