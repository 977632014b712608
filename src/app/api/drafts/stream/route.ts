import { z } from "zod";
import { getSessionUserId } from "@/server/auth/get-session-user";
import { readCookie } from "@/server/auth/session-cookie";
import { WORKSPACE_COOKIE } from "@/server/api/context";
import { withUser } from "@/server/db/tenant";
import { httpErrorResponse } from "@/server/errors/http-error-response";
import { AppError } from "@/server/errors/app-error";
import { streamInboxDraft } from "@/server/inbox/stream-inbox-draft";
import { rateLimiter } from "@/server/runtime/ports";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ conversationId: z.string().min(1).max(100) });

/** POST /api/drafts/stream {conversationId}: an AI draft streamed as plain text (agents and admins). */
export async function POST(req: Request): Promise<Response> {
  try {
    const userId = await getSessionUserId(req.headers);
    if (!userId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
    const workspaceId = req.headers.get("x-workspace-id") ?? readCookie(req.headers.get("cookie"), WORKSPACE_COOKIE);
    const member = workspaceId ? await withUser(userId, (tx) => tx.membership.findFirst({ where: { workspaceId, userId }, select: { role: true } })) : null;
    if (!workspaceId || !member) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (member.role === "VIEWER") throw new AppError("FORBIDDEN", "Viewers cannot draft replies.");
    if (!(await rateLimiter().limit("ai", workspaceId)).success) throw new AppError("RATE_LIMITED", "Too many AI requests for this workspace. Try again shortly.");
    const parsed = bodySchema.safeParse(await req.json().catch(() => null));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "Body must be {\"conversationId\": string}.");
    const stream = await streamInboxDraft({ workspaceId, userId, role: member.role }, parsed.data.conversationId);
    return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  } catch (error) {
    return httpErrorResponse(error, { route: "drafts.stream" });
  }
}
