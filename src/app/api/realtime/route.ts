import { stillAllowed } from "@/server/access/still-allowed";
import { withWorkspace } from "@/server/access/with-workspace";
import { realtime } from "@/server/infra/runtime/ports";
import { sseResponse } from "@/server/infra/realtime/sse";

export const dynamic = "force-dynamic";

/**
 * GET /api/realtime: server-sent events for the signed-in member's current workspace only. The
 * stream re-checks the session and membership as it runs: revoked sessions and removed members
 * stop receiving events within half a minute.
 */
export const GET = withWorkspace({ route: "realtime", minRole: "VIEWER", rateLimit: "realtime" }, async (req, actor) =>
  sseResponse(realtime(), actor.workspaceId, req.signal, { stillAllowed: stillAllowed(req.headers, actor.workspaceId) }),
);
