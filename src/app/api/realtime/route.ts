import { getSessionUserId } from "@/server/auth/get-session-user";
import { readCookie } from "@/server/auth/session-cookie";
import { WORKSPACE_COOKIE } from "@/server/api/context";
import { withUser } from "@/server/db/tenant";
import { realtime } from "@/server/runtime/ports";
import { sseResponse } from "@/server/realtime/sse";

export const dynamic = "force-dynamic";

/** GET /api/realtime: server-sent events for the signed-in member's current workspace only. */
export async function GET(req: Request): Promise<Response> {
  const userId = await getSessionUserId(req.headers);
  if (!userId) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } }, { status: 401 });
  const workspaceId = readCookie(req.headers.get("cookie"), WORKSPACE_COOKIE);
  const member = workspaceId
    ? await withUser(userId, (tx) => tx.membership.findFirst({ where: { workspaceId, userId }, select: { id: true } }))
    : null;
  if (!workspaceId || !member) return Response.json({ error: { code: "NOT_FOUND", message: "Workspace not found." } }, { status: 404 });
  return sseResponse(realtime(), workspaceId, req.signal);
}
