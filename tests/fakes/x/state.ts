/** What the X fake holds: the app, the connected account, other users, posts and DM events. */
import { randomBytes } from "node:crypto";

export interface XUser {
  id: string;
  name: string;
  username: string;
}

export interface XTweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
  conversationId: string;
  inReplyToUserId: string | undefined;
  referenced: { type: "replied_to" | "quoted"; id: string }[];
}

export interface XDmEvent {
  id: string;
  senderId: string;
  recipientId: string;
  text: string;
  createdAt: number;
}

export interface XStore {
  clientId: string;
  clientSecret: string;
  account: XUser;
  users: Map<string, XUser>;
  tweets: XTweet[];
  dmEvents: XDmEvent[];
  codes: Map<string, { redirectUri: string; challenge: string; method: "S256" | "plain"; scopes: string[]; expiresAt: number; used: boolean }>;
  accessTokens: Map<string, { userId: string; scopes: string[]; expiresAt: number }>;
  refreshTokens: Map<string, { userId: string; scopes: string[]; used: boolean }>;
}

// Snowflake-like: ids grow with time, so since_id/until_id comparisons work as on X.
let last = 1_990_000_000_000_000_000n;
export function snowflake(): string {
  last += 4096n + BigInt(Math.floor(Math.random() * 4096));
  return last.toString();
}

export const compareIds = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

export function randomToken(): string {
  return randomBytes(48).toString("base64url");
}

export function dmConversationId(a: string, b: string): string {
  return compareIds(a, b) < 0 ? `${a}-${b}` : `${b}-${a}`;
}

export function createXStore(o: { clientId: string; clientSecret: string; account: XUser }): XStore {
  return {
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    account: o.account,
    users: new Map([[o.account.id, o.account]]),
    tweets: [],
    dmEvents: [],
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
  };
}

export function issueTokens(store: XStore, userId: string, scopes: string[], now: number) {
  const access = randomToken();
  store.accessTokens.set(access, { userId, scopes, expiresAt: now + 7200_000 });
  const answer: Record<string, string | number> = { token_type: "bearer", expires_in: 7200, access_token: access, scope: scopes.join(" ") };
  if (scopes.includes("offline.access")) {
    const refresh = randomToken();
    store.refreshTokens.set(refresh, { userId, scopes, used: false });
    answer.refresh_token = refresh;
  }
  return answer;
}
