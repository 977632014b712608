import { env } from "../../infra/env/load-env";

/**
 * Where the X client talks to and as which app. Passed explicitly so tests, the benchmark and
 * the demo can point one call at the local fake (tests/fakes/x) without touching process.env.
 */
export type XConfig = {
  /** API origin, e.g. https://api.x.com (paths /2/... are appended). */
  apiUrl: string;
  /** The consent page, e.g. https://x.com/i/oauth2/authorize. */
  authorizeUrl: string;
  clientId: string;
  /** Set for a confidential client: the token endpoint is then called with HTTP Basic. */
  clientSecret: string | null;
  /** Per-request timeout; X normally answers well under a second. */
  timeoutMs: number;
};

export const X_DEFAULT_TIMEOUT_MS = 10_000;

/** The app's X configuration from the validated env; throws when X is not configured. */
export function xConfigFromEnv(): XConfig {
  const e = env();
  if (!e.X_CLIENT_ID) throw new Error("X is not configured: set X_CLIENT_ID (and X_CLIENT_SECRET for a confidential client).");
  return {
    apiUrl: e.X_API_URL,
    authorizeUrl: e.X_AUTHORIZE_URL,
    clientId: e.X_CLIENT_ID,
    clientSecret: e.X_CLIENT_SECRET ?? null,
    timeoutMs: X_DEFAULT_TIMEOUT_MS,
  };
}
