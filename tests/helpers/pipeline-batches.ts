import { randomBytes } from "node:crypto";
import { pino } from "pino";
import type { InboundEvent } from "@/server/channels/inbound-event";
import { withTenant } from "@/server/infra/db/tenant";
import type { BatchItem, BatchItemResult } from "@/server/infra/queue/define-job";
import { postDemo } from "./pipeline";

/** Helpers for the batch pipeline tests: events with exactly the fields a test wants, and batch items. */

const silent = pino({ level: "silent" });
export const batchCtx = { log: silent, signal: new AbortController().signal };

export const newRef = (prefix: string) => `${prefix}-${randomBytes(5).toString("hex")}`;

type Customer = { id: string; name?: string; handle?: string; followers?: number; verified?: boolean };

/** A signed Demo webhook body; unlike `demoBody`, profile fields left out stay out. */
export function demoEventBody(externalId: string, input: { text: string; customer: Customer; messageId?: string; sentAt?: Date }) {
  return JSON.stringify({
    channelId: externalId,
    messageId: input.messageId ?? newRef("m"),
    customer: input.customer,
    text: input.text,
    sentAt: (input.sentAt ?? new Date()).toISOString(),
  });
}

export const messageIdOf = (body: string) => (JSON.parse(body) as { messageId: string }).messageId;

/** An inbound event as the Demo connector would normalise it, for `ingestEvent`. */
export function demoEvent(externalId: string, input: { text: string; customer: Customer; messageId?: string; sentAt?: Date }): InboundEvent {
  const c = input.customer;
  return {
    platform: "DEMO", channelExternalId: externalId, platformMessageId: input.messageId ?? newRef("m"), threadId: `demo-thread-${c.id}`, kind: "DM",
    sender: { platformUserId: c.id, displayName: c.name, handle: c.handle, followers: c.followers, verified: c.verified },
    text: input.text, sentAt: input.sentAt ?? new Date(),
  };
}

/** Posts a signed Demo webhook and answers the stored message's id (the post must store it). */
export async function postAndFind(ws: { workspaceId: string; externalId: string; secret: string }, input: Parameters<typeof demoEventBody>[1]): Promise<string> {
  const body = demoEventBody(ws.externalId, input);
  const result = await postDemo(ws, body);
  if (result.stored !== 1) throw new Error(`expected the event to be stored, got ${JSON.stringify(result)}`);
  const platformMessageId = messageIdOf(body);
  const m = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirstOrThrow({ where: { platformMessageId }, select: { id: true } }));
  return m.id;
}

export function batchItems<P>(payloads: P[]): Array<BatchItem<P>> {
  return payloads.map((payload, i) => ({ payload, ctx: { jobId: `test-${i}`, attempt: 1, log: silent, signal: batchCtx.signal } }));
}

/** A result's error, for assertions (undefined when ok). */
export const errorOf = (r: BatchItemResult | undefined) => (r && !r.ok ? r.error : undefined);
