/**
 * A local stand-in for graph.facebook.com and the Facebook Login dialog, on one origin, for
 * tests, benchmarks and the demo. Point the connector at it with META_GRAPH_URL and
 * META_DIALOG_URL = `fake.url` (paths keep the `/<version>/...` shape). Wire shapes and their
 * sources: docs/platforms/meta.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { deliverWebhook, type DeliveryResult } from "./deliver-webhook";
import { FaultQueue } from "../shared/fault-queue";
import { bucUsage, faultAnswer, graphError, invalidToken, unsupportedRequest } from "./graph-errors";
import { listen, readBody, readParams, redirect, sendHtml, sendJson } from "../shared/http";
import { findRoute } from "./route-table";
import type { GraphAnswer, MetaRoute, MetaRuntime } from "./runtime";
import { simulateInbound, type InboundOptions, type InboundResult, type InboundSpec } from "./simulate-inbound";
import { createStore, tokenOwner, type MetaStore, type PageSeed } from "./state";
import type { WebhookBody } from "./webhook-payloads";

export const META_GRAPH_VERSION = "v26.0";

export interface FakeMetaOptions {
  port?: number;
  appId?: string;
  appSecret?: string;
  version?: string;
  /** Login for Business configuration the dialog insists on (any when unset). */
  configId?: string;
  redirectUris?: string[];
  user?: { id: string; name: string };
  pages?: PageSeed[];
  /** Where webhooks go (the app's /api/webhooks/meta); can be set later with setWebhookUrl. */
  webhookUrl?: string;
  /** Deliver message_echoes / feed webhooks for what the app sends, as Meta does. */
  echoSends?: boolean;
  /** Clock for token expiry and messaging windows (default Date.now). */
  now?: () => number;
}

export interface RequestRecord {
  method: string;
  path: string;
  route: MetaRoute | undefined;
  status: number;
  at: number;
}

export interface FakeMeta {
  url: string;
  version: string;
  appId: string;
  appSecret: string;
  store: MetaStore;
  faults: FaultQueue<MetaRoute>;
  requests: RequestRecord[];
  deliveries: DeliveryResult[];
  setWebhookUrl(url: string | undefined): void;
  simulateInbound(spec: InboundSpec, options?: InboundOptions): Promise<InboundResult>;
  /** POSTs `payload` signed with the app secret to the webhook URL (or `url`). */
  deliverWebhook(payload: WebhookBody, url?: string): Promise<DeliveryResult>;
  /** Removes the app's subscription for a Page (drift that reconciliation must notice). */
  unsubscribeApp(pageId: string): void;
  /** Makes a token answer 190 from now on (user changed password, app removed). */
  revokeToken(token: string): void;
  close(): Promise<void>;
}

export async function startFakeMeta(options: FakeMetaOptions = {}): Promise<FakeMeta> {
  const store = createStore({
    appId: options.appId ?? "1234567890123456",
    appSecret: options.appSecret ?? "fake-meta-app-secret-0000000000000",
    version: options.version ?? META_GRAPH_VERSION,
    user: options.user ?? { id: "100000000000001", name: "Alex Admin" },
    pages: options.pages ?? [{ name: "Fake Test Page", instagram: { username: "fake.test.page" } }],
  });
  const faults = new FaultQueue<MetaRoute>();
  const requests: RequestRecord[] = [];
  const deliveries: DeliveryResult[] = [];
  let webhookUrl = options.webhookUrl;
  const now = options.now ?? Date.now;

  const emitTo = async (body: WebhookBody, field: string, pageId: string, drop: boolean) => {
    const fields = store.subscriptions.get(pageId);
    // Instagram fields are subscribed at app level; the Page must still have the app installed.
    const subscribed = fields !== undefined && (body.object === "instagram" || fields.includes(field));
    if (drop) return { delivery: undefined, skipped: "dropped" as const };
    if (!subscribed) return { delivery: undefined, skipped: "not-subscribed" as const };
    if (!webhookUrl) return { delivery: undefined, skipped: "no-webhook-url" as const };
    const delivery = await deliverWebhook(webhookUrl, body, { appSecret: store.appSecret });
    deliveries.push(delivery);
    return { delivery, skipped: undefined };
  };

  const rt: MetaRuntime = {
    store,
    origin: "",
    now,
    configId: options.configId,
    redirectUris: options.redirectUris,
    pendingConsents: new Map(),
    emit: async (body, field, pageId) => (await emitTo(body, field, pageId, false)).delivery,
    echoSends: options.echoSends ?? false,
    usagePercent: 1,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const params = readParams(req, body);
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname.replace(/^\/v\d+\.\d+(?=\/)/, "");
    const found = findRoute(method, path);
    const header = req.headers.authorization?.replace(/^(Bearer|OAuth)\s+/i, "");
    const token = params.access_token ?? header;
    const owner = tokenOwner(store, token, now());
    const pageId = owner?.kind === "page" ? owner.page.id : undefined;
    let answer: GraphAnswer;
    const fault = found && !found.row.open ? faults.take(found.row.route) : found?.row.route === "oauth.token" ? faults.take("oauth.token") : undefined;
    if (fault?.kind === "timeout" && !(await server.sleep(fault.delayMs ?? 30_000))) return;
    if (!found) answer = unsupportedRequest(method, path.slice(1));
    else if (fault && fault.kind !== "timeout") answer = faultAnswer(fault, pageId);
    else if (!found.row.open && !token) answer = graphError({ message: "An access token is required to request this resource.", code: 104 });
    else if (!found.row.open && !owner) answer = invalidToken();
    else answer = await found.row.handle(rt, { method, path, params, token, owner, pageId }, found.match);
    const status = "redirect" in answer ? 302 : "html" in answer ? (answer.status ?? 200) : answer.status;
    requests.push({ method, path, route: found?.row.route, status, at: Date.now() });
    if ("redirect" in answer) return redirect(res, answer.redirect);
    if ("html" in answer) return sendHtml(res, status, answer.html);
    const usage: Record<string, string> = { "x-app-usage": JSON.stringify({ call_count: rt.usagePercent, total_cputime: rt.usagePercent, total_time: rt.usagePercent }) };
    if (pageId) usage["x-business-use-case-usage"] = bucUsage(pageId, rt.usagePercent);
    sendJson(res, answer.status, answer.body, { ...usage, ...answer.headers });
  };

  const server = await listen(handle, options.port ?? 0);
  rt.origin = server.url;

  return {
    url: server.url,
    version: store.version,
    appId: store.appId,
    appSecret: store.appSecret,
    store,
    faults,
    requests,
    deliveries,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    simulateInbound: (spec, opts) => simulateInbound(store, now(), spec, emitTo, opts),
    async deliverWebhook(payload, url) {
      const target = url ?? webhookUrl;
      if (!target) throw new Error("fake Meta: no webhook URL (pass one or call setWebhookUrl)");
      const delivery = await deliverWebhook(target, payload, { appSecret: store.appSecret });
      deliveries.push(delivery);
      return delivery;
    },
    unsubscribeApp: (pageId) => void store.subscriptions.delete(pageId),
    revokeToken: (token) => void store.revokedTokens.add(token),
    close: () => server.close(),
  };
}
