import "server-only";
import type { RequestOrigin } from "../access/check-request-origin";
import { requestedWorkspaceId } from "../access/resolve-actor";
import { clientIp } from "../auth/client-ip";
import { getSessionUserId } from "../auth/get-session-user";

export { WORKSPACE_HEADER } from "../access/resolve-actor";
export { WORKSPACE_COOKIE } from "../auth/session-cookie";

export type TrpcContext = {
  userId: string | null;
  /** The workspace the request asks for (header, else cookie); membership is checked per procedure. */
  workspaceId: string | null;
  ip: string;
  resHeaders: Headers;
  /**
   * The HTTP request's method and headers: every mutation checks they come from the app's own
   * origin (src/server/access/check-request-origin.ts). Absent for in-process callers
   * (`createCaller` in tests and scripts), which no browser can reach.
   */
  request?: RequestOrigin;
};


export async function createTrpcContext(opts: { req: Request; resHeaders: Headers }): Promise<TrpcContext> {
  const headers = opts.req.headers;
  return {
    userId: await getSessionUserId(headers),
    workspaceId: requestedWorkspaceId(headers),
    ip: clientIp(headers),
    resHeaders: opts.resHeaders,
    request: { method: opts.req.method, headers },
  };
}
