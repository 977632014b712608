import "server-only";
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
};


export async function createTrpcContext(opts: { req: Request; resHeaders: Headers }): Promise<TrpcContext> {
  const headers = opts.req.headers;
  return {
    userId: await getSessionUserId(headers),
    workspaceId: requestedWorkspaceId(headers),
    ip: clientIp(headers),
    resHeaders: opts.resHeaders,
  };
}
