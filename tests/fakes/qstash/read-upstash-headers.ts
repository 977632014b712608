import type { IncomingHttpHeaders } from "node:http";

export interface UpstashHeaders {
  method: string;
  retries: number;
  retryDelay: string | undefined;
  /** Epoch ms of the first delivery. */
  notBefore: number;
  deduplicationId: string | undefined;
  contentBasedDeduplication: boolean;
  cron: string | undefined;
  scheduleId: string | undefined;
  /** Delivered to the destination: Content-Type plus Upstash-Forward-* with the prefix stripped. */
  forwardHeaders: Record<string, string>;
  /** Every upstash-* header, for content-based dedup. */
  upstashHeaders: Record<string, string>;
  raw: Record<string, string>;
}

/** The publish/schedule headers QStash reads, validated the way QStash rejects bad ones (400). */
export function readUpstashHeaders(
  headers: IncomingHttpHeaders,
  options: { defaultRetries: number; delayScale: number },
): UpstashHeaders | { error: string } {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) raw[key.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const now = Date.now();

  const retriesHeader = raw["upstash-retries"];
  const retries = retriesHeader === undefined ? options.defaultRetries : Number(retriesHeader);
  if (!Number.isInteger(retries) || retries < 0) return { error: "Upstash-Retries must be a non-negative integer" };

  let notBefore = now;
  const delayHeader = raw["upstash-delay"];
  if (delayHeader !== undefined) {
    const delayMs = parseDelay(delayHeader);
    if (delayMs === undefined) return { error: `invalid Upstash-Delay "${delayHeader}"` };
    notBefore = now + delayMs * options.delayScale;
  }
  const notBeforeHeader = raw["upstash-not-before"];
  if (notBeforeHeader !== undefined) {
    const seconds = Number(notBeforeHeader);
    if (!Number.isInteger(seconds)) return { error: "Upstash-Not-Before must be a unix timestamp in seconds" };
    notBefore = now + Math.max(0, seconds * 1000 - now) * options.delayScale;
  }

  const deduplicationId = raw["upstash-deduplication-id"];
  if (deduplicationId !== undefined && (deduplicationId.length === 0 || /[:\s]/.test(deduplicationId))) {
    return { error: "Upstash-Deduplication-Id must be non-empty and contain no ':' or whitespace" };
  }

  const forwardHeaders: Record<string, string> = {};
  const upstashHeaders: Record<string, string> = {};
  if (raw["content-type"] !== undefined) forwardHeaders["Content-Type"] = raw["content-type"];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("upstash-forward-")) forwardHeaders[key.slice("upstash-forward-".length)] = value;
    if (key.startsWith("upstash-")) upstashHeaders[key] = value;
  }

  return {
    method: (raw["upstash-method"] ?? "POST").toUpperCase(),
    retries,
    retryDelay: raw["upstash-retry-delay"],
    notBefore,
    deduplicationId,
    contentBasedDeduplication: raw["upstash-content-based-deduplication"] === "true",
    cron: raw["upstash-cron"],
    scheduleId: raw["upstash-schedule-id"],
    forwardHeaders,
    upstashHeaders,
    raw,
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "10s", "3m", "1h30m", "1d" -> milliseconds; undefined when malformed. */
export function parseDelay(value: string): number | undefined {
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) return undefined;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? ""] ?? 0), 0);
}
