import { LRUCache } from "lru-cache";
import { clientIp, UNKNOWN_CLIENT_IP } from "../../auth/client-ip";
import { connectorForSlug } from "../../channels/registry";
import { AppError } from "../errors/app-error";
import { RATE_LIMIT_POLICIES } from "../ratelimit/policies";
import { rateLimiter } from "../runtime/ports";

/**
 * Sources (platform + client IP) refused for bad signatures, until their failure window ends.
 * The failure count lives in the shared limiter; this process remembers the verdict so a
 * refused source costs no channel lookup and no store round trip. Another instance learns it
 * from that source's next failure there (one more failed delivery per instance and window).
 */
const refusedUntil = new LRUCache<string, number>({ max: 10_000, ttl: RATE_LIMIT_POLICIES["webhook-bad-signature"].windowMs });

/**
 * Unknown platform slugs share one key, so rotating the URL segment never earns a fresh limit.
 * Null when the client address cannot be trusted (TRUST_PROXY unset): then every sender would
 * share one key, and a forger's bad signatures would lock the platform's genuine deliveries out
 * (and all tenants' traffic would share one budget), so per-source throttling is skipped; the
 * per-channel limit and the signature check still apply.
 */
function sourceKey(slug: string, headers: Headers): string | null {
  const ip = clientIp(headers);
  if (ip === UNKNOWN_CLIENT_IP) return null;
  return `${connectorForSlug(slug)?.platform ?? "unknown"}:${ip}`;
}

function rateLimited(message: string, resetMs: number): AppError {
  return new AppError("RATE_LIMITED", message, { retryAfterSeconds: Math.max(1, Math.ceil((resetMs - Date.now()) / 1000)) });
}

/**
 * Runs before the body is read and before any channel lookup or HMAC: refuses a source that
 * recently sent too many bad signatures, then counts the delivery against the per-source
 * policy. Throws AppError RATE_LIMITED with `retryAfterSeconds`.
 */
export async function throttleWebhookSource(slug: string, headers: Headers): Promise<void> {
  const key = sourceKey(slug, headers);
  if (key === null) return;
  const until = refusedUntil.get(key);
  if (until !== undefined && until > Date.now()) throw rateLimited("Too many webhook deliveries with an invalid signature from this source; retry later.", until);
  const limit = await rateLimiter().limit("webhook-source", key);
  if (!limit.success) throw rateLimited("Too many webhook deliveries from this source; retry later.", limit.resetMs);
}

/**
 * Counts a delivery whose signature failed against the stricter per-source failure policy;
 * past it, `throttleWebhookSource` refuses the source until the window ends. Valid deliveries
 * never count here, so a platform's shared addresses are not starved by a forger's failures
 * (unless they share one key: see TRUST_PROXY).
 */
export async function recordBadSignature(slug: string, headers: Headers): Promise<void> {
  const key = sourceKey(slug, headers);
  if (key === null) return;
  const limit = await rateLimiter().limit("webhook-bad-signature", key);
  // The failure that uses up the allowance already happened: refuse from the next delivery on.
  // (A fail-open outage answers with a reset of "now", which refuses nothing.)
  const exhausted = !limit.success || limit.remaining === 0;
  const ttl = limit.resetMs - Date.now();
  if (exhausted && ttl > 0) refusedUntil.set(key, limit.resetMs, { ttl });
}

/** Tests start from a clean slate. */
export function forgetRefusedSources(): void {
  refusedUntil.clear();
}
