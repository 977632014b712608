import { cookies, headers } from "next/headers";
import { WORKSPACE_COOKIE } from "@/server/api/context";
import { getSessionUserId } from "@/server/auth/get-session-user";

/** The signed-in user's id for this request, or null. Server components only. */
export async function currentUserId(): Promise<string | null> {
  return getSessionUserId(await headers());
}

/** The workspace the `ll_workspace` cookie asks for; membership still has to be checked. */
export async function requestedWorkspaceId(): Promise<string | null> {
  return (await cookies()).get(WORKSPACE_COOKIE)?.value ?? null;
}
