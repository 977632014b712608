/**
 * `POST|GET|DELETE /{page-id}/subscribed_apps` with the Page token
 * (developers.facebook.com/docs/graph-api/reference/page/subscribed_apps, seen 2026-11).
 * POST replaces the app's field list for that Page.
 */
import * as errors from "./graph-errors";
import { ok, type GraphAnswer, type GraphRequest, type MetaRuntime } from "./runtime";

export const PAGE_WEBHOOK_FIELDS = new Set([
  "messages",
  "messaging_postbacks",
  "message_echoes",
  "message_deliveries",
  "message_reads",
  "message_edits",
  "message_reactions",
  "messaging_optins",
  "messaging_referrals",
  "messaging_handovers",
  "standby",
  "feed",
  "mention",
]);

export function subscribedApps(rt: MetaRuntime, req: GraphRequest, pageId: string): GraphAnswer {
  if (req.owner?.kind !== "page" || req.owner.page.id !== pageId) return req.owner ? errors.unsupportedRequest(req.method, pageId) : errors.invalidToken();
  const subs = rt.store.subscriptions;
  if (req.method === "GET") {
    const fields = subs.get(pageId);
    return ok({ data: fields ? [{ category: "Business", link: "https://leadline.example/", name: "Leadline", id: rt.store.appId, subscribed_fields: fields }] : [] });
  }
  if (req.method === "DELETE") {
    subs.delete(pageId);
    return ok({ success: true });
  }
  const requested = (req.params.subscribed_fields ?? "").split(",").map((f) => f.trim()).filter(Boolean);
  if (requested.length === 0) return errors.invalidParameter("The parameter subscribed_fields is required");
  const bad = requested.findIndex((f) => !PAGE_WEBHOOK_FIELDS.has(f));
  if (bad !== -1) return errors.invalidParameter(`Param subscribed_fields[${bad}] must be one of {${[...PAGE_WEBHOOK_FIELDS].join(", ")}} - got "${requested[bad]}"`);
  subs.set(pageId, [...new Set(requested)]);
  return ok({ success: true });
}
