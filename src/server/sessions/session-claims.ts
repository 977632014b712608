import { currentSessionVersion } from "./session-version";

/** What a new session token holds: the user id and the session version it was issued at. */
export async function sessionClaims(userId: string): Promise<{ uid: string; sv: number }> {
  return { uid: userId, sv: (await currentSessionVersion(userId)) ?? 0 };
}
