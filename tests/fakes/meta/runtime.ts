/** What every Graph route handler gets: the store, the clock, and the parsed request. */
import type { DeliveryResult } from "./deliver-webhook";
import type { Params } from "../shared/http";
import type { MetaStore, TokenOwner } from "./state";
import type { WebhookBody } from "./webhook-payloads";

export type MetaRoute =
  | "oauth.dialog"
  | "oauth.token"
  | "me"
  | "me.accounts"
  | "me.permissions"
  | "debug_token"
  | "subscribed_apps"
  | "send"
  | "comment.reply"
  | "conversations"
  | "messages.read"
  | "feed"
  | "comments.read"
  | "media"
  | "object";

export interface MetaRuntime {
  store: MetaStore;
  /** http://127.0.0.1:<port>, known once the server listens. */
  origin: string;
  now(): number;
  /** When set, the dialog refuses another config_id. */
  configId: string | undefined;
  /** When set, the dialog and code exchange refuse other redirect URIs. */
  redirectUris: string[] | undefined;
  pendingConsents: Map<string, { redirectUri: string; state: string | undefined }>;
  /** Sends an app-generated webhook (echo of a send) when the fake is wired to a receiver. */
  emit(body: WebhookBody, field: string, pageId: string): Promise<DeliveryResult | undefined>;
  echoSends: boolean;
  /** Percentage reported in X-App-Usage / X-Business-Use-Case-Usage on normal answers. */
  usagePercent: number;
}

export interface GraphRequest {
  method: string;
  /** Path without the /vNN.N prefix or query, e.g. "/me/accounts". */
  path: string;
  params: Params;
  token: string | undefined;
  owner: TokenOwner | undefined;
  /** Page the call acts for (page token), used for usage headers and faults. */
  pageId: string | undefined;
}

export type GraphAnswer =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { redirect: string }
  | { html: string; status?: number };

export const ok = (body: unknown): GraphAnswer => ({ status: 200, body });

/** Absolute link for paging.next, on the fake's origin and pinned version. */
export function graphLink(rt: MetaRuntime, path: string, params: Record<string, string>): string {
  const url = new URL(`${rt.origin}/${rt.store.version}${path}`);
  for (const [key, value] of Object.entries(params)) if (key !== "after" && key !== "before") url.searchParams.set(key, value);
  return url.toString();
}
