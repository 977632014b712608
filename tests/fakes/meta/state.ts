/**
 * What the Meta fake holds: the app, the admin who logs in, their Pages (each with a Page
 * access token and maybe a linked Instagram professional account), customers, DMs, posts,
 * comments, IG media, webhook subscriptions and a record of everything sent.
 */
import { randomBytes } from "node:crypto";

export type MetaPlatform = "messenger" | "instagram";

export interface FakeIgAccount {
  id: string;
  username: string;
}

export interface FakePage {
  id: string;
  name: string;
  category: string;
  accessToken: string;
  tasks: string[];
  instagram: FakeIgAccount | undefined;
}

export interface FakeCustomer {
  /** PSID (Messenger) or IGSID (Instagram), scoped to the Page / IG account. */
  id: string;
  platform: MetaPlatform;
  pageId: string;
  name: string;
  /** Set to make sends answer 551 (blocked the Page / cannot receive). */
  blocked: boolean;
}

export interface FakeDm {
  mid: string;
  platform: MetaPlatform;
  pageId: string;
  customerId: string;
  fromPage: boolean;
  text: string;
  createdAt: number;
}

export interface FakePost {
  /** "<page-id>_<post-id>" (FB) or the IG media id. */
  id: string;
  platform: "facebook" | "instagram";
  pageId: string;
  text: string;
  createdAt: number;
}

export interface FakeComment {
  id: string;
  platform: "facebook" | "instagram";
  pageId: string;
  postId: string;
  parentId: string | undefined;
  from: { id: string; name: string };
  byPage: boolean;
  text: string;
  createdAt: number;
  deleted: boolean;
}

export interface SentRecord {
  kind: "message" | "private-reply" | "comment-reply";
  pageId: string;
  platform: MetaPlatform;
  /** Graph path as called, version stripped. */
  path: string;
  params: Record<string, string>;
  response: Record<string, string>;
  at: number;
}

export interface MetaStore {
  appId: string;
  appSecret: string;
  version: string;
  user: { id: string; name: string };
  pages: FakePage[];
  customers: Map<string, FakeCustomer>;
  dms: FakeDm[];
  posts: FakePost[];
  comments: FakeComment[];
  /** Page id -> subscribed webhook fields (absent = app not subscribed to that Page). */
  subscriptions: Map<string, string[]>;
  sent: SentRecord[];
  codes: Map<string, { redirectUri: string; expiresAt: number; used: boolean }>;
  userTokens: Map<string, { longLived: boolean; expiresAt: number }>;
  revokedTokens: Set<string>;
  /** Comment ids that already got their one private reply. */
  privateReplies: Set<string>;
  /** What /me/permissions reports; set one to "declined" to simulate a revoked permission. */
  permissions: Map<string, "granted" | "declined">;
}

export const GRANTED_PERMISSIONS = [
  "pages_show_list",
  "pages_manage_metadata",
  "pages_messaging",
  "pages_read_engagement",
  "pages_read_user_content",
  "pages_manage_engagement",
  "instagram_basic",
  "instagram_manage_messages",
  "instagram_manage_comments",
  "business_management",
];

export interface PageSeed {
  id?: string;
  name: string;
  category?: string;
  /** A linked Instagram professional account (false: none). */
  instagram?: { id?: string; username: string } | false;
}

let sequence = 0;
/** Numeric ids like Meta's, unique within the process. */
export function numericId(prefix = "1"): string {
  sequence += 1;
  return `${prefix}${Date.now().toString().slice(-8)}${sequence.toString().padStart(5, "0")}`;
}

export function opaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

export function mid(): string {
  return `m_${randomBytes(30).toString("base64url")}`;
}

export function createPage(seed: PageSeed): FakePage {
  const ig = seed.instagram === false || seed.instagram === undefined ? undefined : seed.instagram;
  return {
    id: seed.id ?? numericId("10"),
    name: seed.name,
    category: seed.category ?? "Shopping & retail",
    accessToken: opaqueToken("EAAPfakePAGE"),
    tasks: ["ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE"],
    instagram: ig ? { id: ig.id ?? numericId("178414"), username: ig.username } : undefined,
  };
}

export function createStore(options: {
  appId: string;
  appSecret: string;
  version: string;
  user: { id: string; name: string };
  pages: PageSeed[];
}): MetaStore {
  return {
    appId: options.appId,
    appSecret: options.appSecret,
    version: options.version,
    user: options.user,
    pages: options.pages.map(createPage),
    customers: new Map(),
    dms: [],
    posts: [],
    comments: [],
    subscriptions: new Map(),
    sent: [],
    codes: new Map(),
    userTokens: new Map(),
    revokedTokens: new Set(),
    privateReplies: new Set(),
    permissions: new Map(GRANTED_PERMISSIONS.map((name) => [name, "granted" as const])),
  };
}

/** The Page a Page or IG account id belongs to. */
export function findPage(store: MetaStore, id: string): FakePage | undefined {
  return store.pages.find((page) => page.id === id || page.instagram?.id === id);
}

export type TokenOwner = { kind: "user" } | { kind: "page"; page: FakePage } | { kind: "app" };

export function tokenOwner(store: MetaStore, token: string | undefined, now: number): TokenOwner | undefined {
  if (!token || store.revokedTokens.has(token)) return undefined;
  if (token === `${store.appId}|${store.appSecret}`) return { kind: "app" };
  const user = store.userTokens.get(token);
  if (user) return user.expiresAt > now ? { kind: "user" } : undefined;
  const page = store.pages.find((p) => p.accessToken === token);
  return page ? { kind: "page", page } : undefined;
}
