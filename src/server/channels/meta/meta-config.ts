import { env } from "../../infra/env/load-env";

/** How long one Graph call may take before it counts as a transient failure. */
export const GRAPH_TIMEOUT_MS = 10_000;

/** Where the Graph API lives and which version is pinned (META_GRAPH_URL / META_GRAPH_VERSION). */
export type MetaGraphConfig = {
  baseUrl: string;
  version: string;
  /** Signs each call with appsecret_proof when set (Meta's "Require App Secret" setting). */
  appSecret: string | undefined;
  timeoutMs: number;
};

export function metaGraphConfig(): MetaGraphConfig {
  const e = env();
  return { baseUrl: e.META_GRAPH_URL.replace(/\/+$/, ""), version: e.META_GRAPH_VERSION, appSecret: e.META_APP_SECRET, timeoutMs: GRAPH_TIMEOUT_MS };
}
