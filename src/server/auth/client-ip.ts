import { isIP } from "node:net";
import { env } from "../infra/env/load-env";

/** `0` trusts no forwarded header; `N` trusts the last N X-Forwarded-For hops; `vercel` trusts Vercel's own headers. */
export type TrustProxy = number | "vercel";

/** Requests whose address cannot be trusted share this one rate-limit key. */
export const UNKNOWN_CLIENT_IP = "unknown";

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (typeof value === "string") return value;
  // Node joins repeated headers into an array; X-Forwarded-For lines read as one list.
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? value.join(",") : undefined;
}

function address(value: string | undefined): string | undefined {
  const candidate = value?.trim();
  return candidate && isIP(candidate) !== 0 ? candidate : undefined;
}

/**
 * The client address used to key per-IP rate limits. Only what the configured proxies wrote
 * is believed: each proxy appends the address it received the request from to
 * X-Forwarded-For, so with N trusted proxies the client is the Nth entry from the right, and
 * everything left of it may be forged by the client. A header with fewer entries (a request
 * that did not pass through every proxy) or a value that is not an IP address maps to one
 * shared key, so rotating forged values never earns a fresh limit.
 */
export function clientIp(headers: HeaderSource, trust: TrustProxy = env().TRUST_PROXY): string {
  if (trust === "vercel") {
    // Vercel overwrites these with the address it saw (https://vercel.com/docs/headers/request-headers).
    return address(header(headers, "x-vercel-forwarded-for")?.split(",")[0]) ?? address(header(headers, "x-real-ip")) ?? UNKNOWN_CLIENT_IP;
  }
  if (trust === 0) return UNKNOWN_CLIENT_IP;
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter((h) => h.length > 0);
  if (hops.length < trust) return UNKNOWN_CLIENT_IP;
  return address(hops[hops.length - trust]) ?? UNKNOWN_CLIENT_IP;
}
