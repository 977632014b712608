import { AppError } from "../../infra/errors/app-error";
import type { MetaEvent, MetaPlatform, MetaSkip, MetaWebhookBatch } from "./meta-event";
import { parseChange } from "./parse-change";
import { parseMessagingItem } from "./parse-messaging-item";
import { changeSchema, entrySchema, envelopeSchema, messagingItemSchema } from "./webhook-schema";

const PLATFORM_BY_OBJECT: Record<string, MetaPlatform> = { page: "FACEBOOK", instagram: "INSTAGRAM" };

const issue = (error: { issues: Array<{ path: PropertyKey[] }> }) => error.issues[0]?.path.map(String).join(".") || "value";

/**
 * A verified Meta webhook body -> its events, and what was skipped and why. One delivery may
 * carry many entries, each with many items: each is checked on its own, so one bad entry never
 * drops the good ones. Only a body that is not JSON or has no `entry` list is refused (400);
 * an object we don't handle (e.g. `user`) is skipped whole, so Meta does not retry it.
 * Skip reasons name fields, never values (no PII in logs).
 */
export function parseMetaWebhook(rawBody: string): MetaWebhookBatch {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("BAD_REQUEST", "Body is not valid JSON.");
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new AppError("BAD_REQUEST", `Malformed Meta webhook: ${issue(envelope.error)} is invalid.`);
  const platform = PLATFORM_BY_OBJECT[envelope.data.object];
  if (!platform) return { events: [], skipped: [{ entryIndex: -1, reason: `object ${envelope.data.object.slice(0, 40)} not handled` }] };

  const events: MetaEvent[] = [];
  const skipped: MetaSkip[] = [];
  envelope.data.entry.forEach((raw, entryIndex) => {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) return void skipped.push({ entryIndex, reason: `malformed entry: ${issue(entry.error)}` });
    const { id: accountId, time } = entry.data;
    for (const rawItem of entry.data.messaging ?? []) {
      const item = messagingItemSchema.safeParse(rawItem);
      const result = item.success ? parseMessagingItem(platform, accountId, time, item.data) : { skip: `malformed messaging item: ${issue(item.error)}` };
      if ("skip" in result) skipped.push({ entryIndex, reason: result.skip });
      else events.push(result);
    }
    for (const rawChange of entry.data.changes ?? []) {
      const change = changeSchema.safeParse(rawChange);
      const result = change.success ? parseChange(platform, accountId, time, change.data.field, change.data.value) : { skip: `malformed change: ${issue(change.error)}` };
      if ("skip" in result) skipped.push({ entryIndex, reason: result.skip });
      else events.push(result);
    }
  });
  return { events, skipped };
}
