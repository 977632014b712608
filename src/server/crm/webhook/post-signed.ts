import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmCallContext } from "../crm-connector";
import { signLeadlineWebhook } from "./sign-payload";

export type WebhookDelivery = { url: URL; secret: string; deliveryId: string; body: string };
export type WebhookAnswer = { status: number; body: unknown };
export type PostOptions = { timeoutMs: number; now?: () => Date };

/** A receiver's answer is read up to this; a result list for 100 leads is a few KB. */
const MAX_ANSWER_BYTES = 256 * 1024;
/** Wait when a 429 names none. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * One signed POST (docs/crm/webhook.md). Redirects are not followed (the checked URL is the only
 * one we post to). A 2xx is returned with its JSON body (undefined when none or not JSON); every
 * other answer throws a typed error: 401/403 CrmAuthError (the receiver refuses our signature),
 * 404/410 and other redirects CrmConfigError (the URL is wrong or gone), 429 CrmRateLimitedError
 * with Retry-After, 408/5xx/timeouts/network CrmUnavailableError. Other 4xx are returned for the
 * caller to record per record. Messages never quote the URL's path, the body or the secret.
 */
export async function postSigned(delivery: WebhookDelivery, ctx: CrmCallContext, opts: PostOptions): Promise<WebhookAnswer> {
  await ctx.beforeRequest();
  const timestamp = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  let res: Response;
  let text: string;
  try {
    res = await fetch(delivery.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Leadline-Webhooks/1",
        "leadline-delivery-id": delivery.deliveryId,
        "leadline-timestamp": String(timestamp),
        "leadline-signature": signLeadlineWebhook(delivery.secret, timestamp, delivery.body),
      },
      body: delivery.body,
    });
    text = await readCapped(res);
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new CrmUnavailableError(timedOut ? `The webhook receiver did not answer within ${opts.timeoutMs} ms.` : "The webhook receiver could not be reached.");
  } finally {
    ctx.afterResponse?.();
  }
  const status = res.status;
  if (status >= 200 && status < 300) return { status, body: parseJson(text) };
  if (status === 401 || status === 403) throw new CrmAuthError(`The webhook receiver refused the signature (${status}); check the signing secret it uses.`);
  if (status === 404 || status === 410) throw new CrmConfigError(`The webhook URL answered ${status}: it no longer accepts deliveries.`);
  if (status >= 300 && status < 400) throw new CrmConfigError(`The webhook URL redirects (${status}); configure the final URL.`);
  if (status === 429) throw new CrmRateLimitedError("The webhook receiver is rate limiting deliveries (429).", retryAfterMs(res.headers.get("retry-after"), opts.now?.() ?? new Date()));
  if (status === 408 || status >= 500) throw new CrmUnavailableError(`The webhook receiver answered ${status}.`);
  return { status, body: parseJson(text) };
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3); a default when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now.getTime());
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      break; // the status decides; an oversized body is treated as unreadable
    }
    chunks.push(value);
  }
  return size > MAX_ANSWER_BYTES ? "" : Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
