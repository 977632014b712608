import { getSessionUserId } from "../auth/get-session-user";
import { readCookie } from "../auth/session-cookie";

export const WORKSPACE_HEADER = "x-workspace-id";
export const WORKSPACE_COOKIE = "ll_workspace";

export type TrpcContext = {
  userId: string | null;
  /** The workspace the request asks for (header, else cookie); membership is checked per procedure. */
  workspaceId: string | null;
  ip: string;
  resHeaders: Headers;
};


export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
}

export async function createTrpcContext(opts: { req: Request; resHeaders: Headers }): Promise<TrpcContext> {
  const headers = opts.req.headers;
  return {
    userId: await getSessionUserId(headers),
    workspaceId: headers.get(WORKSPACE_HEADER) ?? readCookie(headers.get("cookie"), WORKSPACE_COOKIE),
    ip: clientIp(headers),
    resHeaders: opts.resHeaders,
  };
}
