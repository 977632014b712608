import { createHmac } from "node:crypto";
import type { z } from "zod";
import { ChannelAuthError, ChannelRejectedError } from "../connector";
import { graphErrorFor, MetaGraphUnavailableError } from "./graph-errors";
import { metaGraphConfig, type MetaGraphConfig } from "./meta-config";

export type GraphCall = {
  method: "GET" | "POST" | "DELETE";
  /** Path segments after the version, encoded here: ["me", "messages"]. */
  path: string[];
  accessToken: string;
  params?: Record<string, string>;
  /** Names the call in errors and logs ("send", "comment.reply"). */
  operation: string;
};

/**
 * One Graph API call at `${META_GRAPH_URL}/${META_GRAPH_VERSION}/...`, bounded by a timeout.
 * The token goes as the documented `access_token` parameter: in the form body for POST (so it
 * never sits in a URL), in the query otherwise; with `appsecret_proof` when the app secret is
 * known. A success is checked against `schema`; a failure becomes ChannelAuthError,
 * ChannelRateLimitedError, ChannelRejectedError or MetaGraphUnavailableError (graph-errors.ts).
 */
/** The request never left: refused, unresolvable or unreachable host (fetch's `cause.code`). */
function neverConnected(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(code);
}

export async function callGraph<T>(call: GraphCall, schema: z.ZodType<T>, config: MetaGraphConfig = metaGraphConfig()): Promise<T> {
  if (!call.accessToken) throw new ChannelAuthError(`Graph ${call.operation}: the channel has no access token`);
  const url = new URL(`${config.baseUrl}/${config.version}/${call.path.map(encodeURIComponent).join("/")}`);
  const params = new URLSearchParams({ ...call.params, access_token: call.accessToken });
  if (config.appSecret) params.set("appsecret_proof", createHmac("sha256", config.appSecret).update(call.accessToken).digest("hex"));
  const init: RequestInit = { method: call.method, signal: AbortSignal.timeout(config.timeoutMs) };
  if (call.method === "POST") {
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
    init.body = params;
  } else {
    url.search = params.toString();
  }

  let res: Response;
  let text: string;
  try {
    res = await fetch(url, init);
    text = await res.text();
  } catch (error) {
    // Only the error's name: a fetch error may quote the URL, and a GET's URL holds the token.
    const kind = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError") ? `timed out after ${config.timeoutMs} ms` : "could not reach the Graph API";
    // A POST that got no answer may have acted (a message posted), unless no connection was made.
    throw new MetaGraphUnavailableError(`Graph ${call.operation} ${kind}`, call.method === "POST" && !neverConnected(error));
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok || (typeof body === "object" && body !== null && "error" in body)) throw graphErrorFor(call.operation, res.status, body, res.headers);
  const parsed = schema.safeParse(body);
  // A 2xx we cannot read may still have acted (a message sent): never retried, so never sent twice.
  if (!parsed.success) throw new ChannelRejectedError(`Graph ${call.operation} answered ${res.status} with an unexpected body`);
  return parsed.data;
}
