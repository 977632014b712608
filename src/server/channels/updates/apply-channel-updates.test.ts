import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import { decrypt, encrypt } from "../../infra/crypto/field-crypto";
import { withTenantSql } from "../../infra/db/sql";
import { withTenant } from "../../infra/db/tenant";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { storeInboundEvents } from "../../pipeline/store-inbound-events";
import type { ChannelUpdate } from "../connector";
import type { RealtimeEvent } from "@/shared/realtime-events";
import { applyChannelUpdates } from "./apply-channel-updates";
import { EDITED_AFTER_DRAFT_FLAG } from "./apply-edit";

/** Collects what the outbox relays after each commit. */
function capture() {
  const events: Array<{ workspaceId: string; event: RealtimeEvent }> = [];
  const publisher: OutboxPublisher = {
    publishJobs: async () => [],
    publishEvent: async (workspaceId, event) => void events.push({ workspaceId, event }),
  };
  return { events, publisher };
}

type Ws = { workspaceId: string; pageId: string; igId: string; pageChannelId: string; igChannelId: string };

async function workspaceWithMeta(): Promise<Ws> {
  const { workspaceId } = await createWorkspaceWithTeam("Updates");
  const pageId = `11${randomInt(1e9, 1e10)}`;
  const igId = `178${randomInt(1e9, 1e10)}`;
  const [page, ig] = await withTenant({ workspaceId }, async (tx) => [
    await tx.channel.create({ data: { workspaceId, platform: "FACEBOOK", externalId: pageId, name: "Page", accessTokenEnc: encrypt("page-token") } }),
    await tx.channel.create({ data: { workspaceId, platform: "INSTAGRAM", externalId: igId, name: "IG", accessTokenEnc: encrypt("page-token"), metadata: { pageId } } }),
  ]);
  return { workspaceId, pageId, igId, pageChannelId: page.id, igChannelId: ig.id };
}

const mid = (label: string) => `m_${label}_${randomInt(1e9, 1e10)}`;

/** Stores an inbound DM the way ingest does, without queueing the agents (the test decides what they wrote). */
async function inbound(ws: Ws, customerId: string, platformMessageId: string, text: string, platform: "FACEBOOK" | "INSTAGRAM" = "FACEBOOK") {
  const channelId = platform === "FACEBOOK" ? ws.pageChannelId : ws.igChannelId;
  const event = {
    platform, channelExternalId: platform === "FACEBOOK" ? ws.pageId : ws.igId, platformMessageId, threadId: customerId, kind: "DM" as const,
    sender: { platformUserId: customerId }, text, sentAt: new Date(Date.now() - 60_000),
  };
  const [stored] = await withTenantSql({ workspaceId: ws.workspaceId }, (tx) => storeInboundEvents(tx, ws.workspaceId, [{ event, channelId }]));
  return stored!.messageId;
}

const message = (ws: Ws, id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findUniqueOrThrow({ where: { id } }));
const reply = (ws: Ws, id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id } }));

async function aiReply(ws: Ws, messageId: string, status: "DRAFT" | "QUEUED" | "SENDING" | "SENT", extra: { platformMessageId?: string; sentAt?: Date; text?: string } = {}) {
  const m = await message(ws, messageId);
  return withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.reply.create({
      data: {
        workspaceId: ws.workspaceId, conversationId: m.conversationId, inReplyToId: m.id, aiForMessageId: m.id, source: "AI", status,
        textEnc: encrypt(extra.text ?? "The Pro plan is $29."), platformMessageId: extra.platformMessageId ?? null, sentAt: extra.sentAt ?? null,
      },
    }),
  );
}

let ws: Ws;
beforeAll(async () => {
  ws = await workspaceWithMeta();
});

const fb = () => ({ platform: "FACEBOOK" as const, channelExternalId: ws.pageId });

describe("edits", () => {
  it("replaces the stored text (encrypted), sets editedAt, marks the AI draft stale, announces it; a redelivery changes nothing", async () => {
    const id = await inbound(ws, "201", mid("edit"), "Is the bike in stock?");
    const draft = await aiReply(ws, id, "DRAFT");
    const { events, publisher } = capture();
    const update: ChannelUpdate = { type: "edited", ...fb(), platformMessageId: (await message(ws, id)).platformMessageId, text: "Is the red bike in stock?" };
    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "edited", outcome: "applied" }]);
    const m = await message(ws, id);
    expect(m.textEnc).not.toContain("red bike");
    expect(decrypt(m.textEnc!)).toBe("Is the red bike in stock?");
    expect(m.editedAt).toBeInstanceOf(Date);
    expect(m.status).toBe("RECEIVED"); // not processed yet: the job will read the new text
    expect((await reply(ws, draft.id))).toMatchObject({ status: "DRAFT", flags: [EDITED_AFTER_DRAFT_FLAG] });
    expect(events.map((e) => e.event)).toEqual([{ type: "conversation.updated", conversationId: m.conversationId }]);

    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "edited", outcome: "unchanged" }]);
    expect((await message(ws, id)).editedAt).toEqual(m.editedAt);
    expect((await reply(ws, draft.id)).flags).toEqual([EDITED_AFTER_DRAFT_FLAG]);
  });

  it("holds back an automated reply still QUEUED (back to a draft) and leaves a sent one alone", async () => {
    const a = await inbound(ws, "202", mid("edit_q"), "Price?");
    const b = await inbound(ws, "203", mid("edit_s"), "Hours?");
    const queued = await aiReply(ws, a, "QUEUED");
    const sent = await aiReply(ws, b, "SENT", { platformMessageId: mid("sent"), sentAt: new Date() });
    const pmid = async (id: string) => (await message(ws, id)).platformMessageId;
    await applyChannelUpdates([
      { type: "edited", ...fb(), platformMessageId: await pmid(a), text: "Price for two?" },
      { type: "edited", ...fb(), platformMessageId: await pmid(b), text: "Opening hours?" },
    ], capture().publisher);
    expect(await reply(ws, queued.id)).toMatchObject({ status: "DRAFT", flags: [EDITED_AFTER_DRAFT_FLAG] });
    expect(await reply(ws, sent.id)).toMatchObject({ status: "SENT", flags: [] });
  });
});

describe("deletions", () => {
  it("drops the text, settles an unprocessed message without the agents, discards unsent AI replies with an audit entry", async () => {
    const id = await inbound(ws, "301", mid("del"), "My phone number is 555 0100");
    const draft = await aiReply(ws, id, "QUEUED");
    const { events, publisher } = capture();
    const update: ChannelUpdate = { type: "deleted", ...fb(), platformMessageId: (await message(ws, id)).platformMessageId };
    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "deleted", outcome: "applied" }]);
    const m = await message(ws, id);
    expect(m).toMatchObject({ textEnc: null, status: "PROCESSED", intent: null });
    expect(m.deletedAt).toBeInstanceOf(Date);
    expect((await reply(ws, draft.id)).status).toBe("DISCARDED");
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findFirst({ where: { action: "reply.discarded", targetId: draft.id } }));
    expect(audit).toMatchObject({ actorType: "SYSTEM", metadata: { reason: "message_deleted" } });
    expect(events.map((e) => e.event.type)).toEqual(["conversation.updated"]);
    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "deleted", outcome: "unchanged" }]);
    // An edit arriving after the deletion does not bring the text back.
    expect(await applyChannelUpdates([{ type: "edited", ...fb(), platformMessageId: m.platformMessageId, text: "resurrected" }], publisher)).toEqual([{ type: "edited", outcome: "unchanged" }]);
    expect((await message(ws, id)).textEnc).toBeNull();
  });

  it("keeps a reply already on its way (SENDING) as it is", async () => {
    const id = await inbound(ws, "302", mid("del_sending"), "Quick question");
    const sending = await aiReply(ws, id, "SENDING");
    await applyChannelUpdates([{ type: "deleted", ...fb(), platformMessageId: (await message(ws, id)).platformMessageId }], capture().publisher);
    expect((await reply(ws, sending.id)).status).toBe("SENDING");
  });
});

describe("echoes", () => {
  it("confirms a reply of ours with the platform's time, once", async () => {
    const id = await inbound(ws, "401", mid("echo_ours"), "Hi");
    const pmid = mid("ours");
    const sent = await aiReply(ws, id, "SENT", { platformMessageId: pmid, sentAt: new Date() });
    const at = new Date(Date.now() - 1_000);
    const echo: ChannelUpdate = { type: "echo", ...fb(), platformMessageId: pmid, threadId: "401", text: "The Pro plan is $29.", sentAt: at };
    expect(await applyChannelUpdates([echo], capture().publisher)).toEqual([{ type: "echo", outcome: "applied" }]);
    expect((await reply(ws, sent.id)).confirmedAt).toEqual(at);
    expect(await applyChannelUpdates([echo], capture().publisher)).toEqual([{ type: "echo", outcome: "unchanged" }]);
  });

  it("stores a colleague's message sent from another tool as OUTBOUND, once per mid, and announces it", async () => {
    const id = await inbound(ws, "402", mid("echo_other"), "Hello?");
    const { conversationId } = await message(ws, id);
    const pmid = mid("suite");
    const echo: ChannelUpdate = { type: "echo", ...fb(), platformMessageId: pmid, threadId: "402", text: "Hi! Ana from the shop here.", sentAt: new Date(), appId: "263902037430900" };
    const { events, publisher } = capture();
    const [first, second] = await Promise.all([applyChannelUpdates([echo], publisher), applyChannelUpdates([echo], publisher)]);
    expect([first![0]!.outcome, second![0]!.outcome].sort()).toEqual(["applied", "unchanged"]);
    const stored = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findMany({ where: { platformMessageId: pmid } }));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: "OUTBOUND", status: "PROCESSED", conversationId });
    expect(decrypt(stored[0]!.textEnc!)).toBe("Hi! Ana from the shop here.");
    expect(events.map((e) => e.event)).toEqual([{ type: "message.created", conversationId, messageId: stored[0]!.id }]);
  });

  it("does not store the echo of our own send that is not recorded yet (same text, reply SENDING), nor one in an unknown thread", async () => {
    const id = await inbound(ws, "403", mid("echo_race"), "Hey");
    await aiReply(ws, id, "SENDING", { text: "Thanks for writing!" });
    const pmid = mid("race");
    const results = await applyChannelUpdates([
      { type: "echo", ...fb(), platformMessageId: pmid, threadId: "403", text: "Thanks for writing!", sentAt: new Date() },
      { type: "echo", ...fb(), platformMessageId: mid("nowhere"), threadId: "999999", text: "?", sentAt: new Date() },
    ], capture().publisher);
    expect(results).toEqual([
      { type: "echo", outcome: "skipped", reason: "echo of our own send, not recorded yet" },
      { type: "echo", outcome: "skipped", reason: "echo in a thread we do not have" },
    ]);
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { platformMessageId: pmid } }))).toBe(0);
  });
});

describe("echoes of sends whose outcome is unknown", () => {
  it("an echo with the same text settles a DELIVERY_UNKNOWN reply as SENT (audited, announced); another text is a colleague's message", async () => {
    const id = await inbound(ws, "404", mid("echo_unknown"), "Open on Sunday?");
    const unknown = await aiReply(ws, id, "SENDING", { text: "Yes, 10 to 4 on Sundays." });
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.update({ where: { id: unknown.id }, data: { status: "DELIVERY_UNKNOWN", dispatchedAt: new Date() } }));
    const { events, publisher } = capture();
    const other: ChannelUpdate = { type: "echo", ...fb(), platformMessageId: mid("colleague"), threadId: "404", text: "Ana here, see you Sunday!", sentAt: new Date() };
    expect(await applyChannelUpdates([other], publisher)).toEqual([{ type: "echo", outcome: "applied" }]);
    expect((await reply(ws, unknown.id)).status).toBe("DELIVERY_UNKNOWN");

    const at = new Date(Date.now() - 2_000);
    const pmid = mid("posted");
    const ours: ChannelUpdate = { type: "echo", ...fb(), platformMessageId: pmid, threadId: "404", text: "Yes, 10 to 4 on Sundays.", sentAt: at };
    expect(await applyChannelUpdates([ours], publisher)).toEqual([{ type: "echo", outcome: "applied" }]);
    expect(await reply(ws, unknown.id)).toMatchObject({ status: "SENT", platformMessageId: pmid, sentAt: at, confirmedAt: at });
    expect(events.map((e) => e.event)).toContainEqual({ type: "reply.sent", conversationId: unknown.conversationId, replyId: unknown.id });
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.count({ where: { action: "reply.sent", targetId: unknown.id } }))).toBe(1);
    expect(await applyChannelUpdates([ours], publisher)).toEqual([{ type: "echo", outcome: "unchanged" }]);
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { platformMessageId: pmid } }))).toBe(0);
  });

  it("a send key naming a reply of another workspace, or a malformed one, settles nothing", async () => {
    const id = await inbound(ws, "405", mid("echo_key"), "Hi");
    const sending = await aiReply(ws, id, "SENDING", { text: "Hello!" });
    const stranger = await workspaceWithMeta();
    const theirs = await aiReply(stranger, await inbound(stranger, "405", mid("theirs"), "Hi"), "SENDING", { text: "Hello!" });
    await applyChannelUpdates([{ type: "echo", ...fb(), platformMessageId: mid("k1"), threadId: "405", text: "Hello!", sentAt: new Date(), sendKey: theirs.id }], capture().publisher);
    expect((await reply(stranger, theirs.id)).platformMessageId).toBeNull();
    expect(await applyChannelUpdates([{ type: "echo", ...fb(), platformMessageId: mid("k2"), threadId: "405", text: "Hello!", sentAt: new Date(), sendKey: "x".repeat(400) }], capture().publisher))
      .toEqual([{ type: "echo", outcome: "skipped", reason: expect.any(String) }]);
    const k3 = mid("k3");
    await applyChannelUpdates([{ type: "echo", ...fb(), platformMessageId: k3, threadId: "405", text: "Hello!", sentAt: new Date(), sendKey: sending.id }], capture().publisher);
    expect(await reply(ws, sending.id)).toMatchObject({ status: "SENDING", platformMessageId: k3 });
  });
});

describe("receipts", () => {
  it("marks our sent replies delivered and read up to the watermark (the echo's time when known), and Instagram's seen mid", async () => {
    const id = await inbound(ws, "501", mid("rcpt"), "Hi");
    const t0 = Date.now() - 30_000;
    const early = await aiReply(ws, id, "SENT", { platformMessageId: mid("early"), sentAt: new Date(t0) });
    const m2 = await inbound(ws, "501", mid("rcpt2"), "And?");
    // Recorded late by our clock (a slow batch), but the echo gave the platform's time.
    const late = await aiReply(ws, m2, "SENT", { platformMessageId: mid("late"), sentAt: new Date(t0 + 20_000) });
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.update({ where: { id: late.id }, data: { confirmedAt: new Date(t0 + 1_000) } }));
    const publisher = capture().publisher;
    expect(await applyChannelUpdates([{ type: "delivered", ...fb(), threadId: "501", watermark: new Date(t0 + 500), platformMessageIds: [] }], publisher)).toEqual([{ type: "delivered", outcome: "applied" }]);
    expect((await reply(ws, early.id)).deliveredAt).toBeInstanceOf(Date);
    expect((await reply(ws, late.id)).deliveredAt).toBeNull();
    await applyChannelUpdates([{ type: "read", ...fb(), threadId: "501", watermark: new Date(t0 + 1_000), platformMessageIds: [] }], publisher);
    expect(await reply(ws, late.id)).toMatchObject({ readAt: expect.any(Date), deliveredAt: expect.any(Date) });
    expect(await applyChannelUpdates([{ type: "read", ...fb(), threadId: "501", watermark: new Date(t0 + 1_000), platformMessageIds: [] }], publisher)).toEqual([{ type: "read", outcome: "unchanged" }]);

    const igId = await inbound(ws, "601", mid("ig"), "Ciao", "INSTAGRAM");
    const a = await aiReply(ws, igId, "SENT", { platformMessageId: mid("ig_a"), sentAt: new Date(t0) });
    const ig2 = await inbound(ws, "601", mid("ig2"), "Ciao?", "INSTAGRAM");
    const b = await aiReply(ws, ig2, "SENT", { platformMessageId: mid("ig_b"), sentAt: new Date(t0 + 5_000) });
    const ig3 = await inbound(ws, "601", mid("ig3"), "Ciao??", "INSTAGRAM");
    const c = await aiReply(ws, ig3, "SENT", { platformMessageId: mid("ig_c"), sentAt: new Date(t0 + 9_000) });
    await applyChannelUpdates([{ type: "read", platform: "INSTAGRAM", channelExternalId: ws.igId, threadId: "601", watermark: null, platformMessageIds: [b.platformMessageId!] }], publisher);
    expect((await reply(ws, a.id)).readAt).toBeInstanceOf(Date);
    expect((await reply(ws, b.id)).readAt).toBeInstanceOf(Date);
    expect((await reply(ws, c.id)).readAt).toBeNull();
  });
});

describe("deauthorisation", () => {
  it("marks the Page and its Instagram account NEEDS_REAUTH once, with audit entries and status events", async () => {
    const own = await workspaceWithMeta();
    const { events, publisher } = capture();
    const update: ChannelUpdate = { type: "deauthorized", platform: "FACEBOOK", channelExternalId: own.pageId };
    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "deauthorized", outcome: "applied" }]);
    const channels = await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.channel.findMany({ where: { platform: { in: ["FACEBOOK", "INSTAGRAM"] } }, orderBy: { platform: "asc" } }));
    expect(channels.map((c) => c.status)).toEqual(["NEEDS_REAUTH", "NEEDS_REAUTH"]);
    const audits = await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.auditLog.findMany({ where: { action: "channel.needs_reauth" } }));
    expect(audits.map((a) => a.metadata)).toEqual([{ reason: "deauthorized" }, { reason: "deauthorized" }]);
    expect(events.map((e) => e.event).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual(
      [own.pageChannelId, own.igChannelId].map((channelId) => ({ type: "channel.status", channelId, status: "needs_reauth" })).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    expect(await applyChannelUpdates([update], publisher)).toEqual([{ type: "deauthorized", outcome: "unchanged" }]);
    // Inbound keeps being stored on a channel that needs re-auth.
    expect(await inbound(own, "701", mid("after"), "still there?")).toEqual(expect.any(String));
  });
});

describe("bad input and failing dependencies", () => {
  it("skips malformed updates, unknown channels and unknown messages, and still applies the valid ones of the batch", async () => {
    const id = await inbound(ws, "801", mid("mixed"), "Original");
    const results = await applyChannelUpdates([
      { type: "read", ...fb(), threadId: "801", watermark: new Date("nope"), platformMessageIds: [] },
      { type: "edited", platform: "FACEBOOK", channelExternalId: "no-such-page", platformMessageId: "m_x", text: "x" },
      { type: "deleted", ...fb(), platformMessageId: "m_never_seen" },
      { type: "edited", ...fb(), platformMessageId: (await message(ws, id)).platformMessageId, text: "Changed" },
      { type: "bogus" } as unknown as ChannelUpdate,
    ], capture().publisher);
    expect(results).toEqual([
      { type: "read", outcome: "skipped", reason: "malformed update: watermark" },
      { type: "edited", outcome: "skipped", reason: "update for an unknown channel" },
      { type: "deleted", outcome: "skipped", reason: "deletion of a message we do not have" },
      { type: "edited", outcome: "applied" },
      { type: "unknown", outcome: "skipped", reason: "malformed update: type" },
    ]);
    expect(decrypt((await message(ws, id)).textEnc!)).toBe("Changed");
  });

  it("applies each workspace's updates in its own transaction", async () => {
    const other = await workspaceWithMeta();
    const a = await inbound(ws, "901", mid("wsa"), "A");
    const b = await inbound(other, "901", mid("wsb"), "B");
    const results = await applyChannelUpdates([
      { type: "deleted", ...fb(), platformMessageId: (await message(ws, a)).platformMessageId },
      { type: "deleted", platform: "FACEBOOK", channelExternalId: other.pageId, platformMessageId: (await message(other, b)).platformMessageId },
    ], capture().publisher);
    expect(results.map((r) => r.outcome)).toEqual(["applied", "applied"]);
    expect((await message(other, b)).deletedAt).toBeInstanceOf(Date);
  });

  it("a relay that fails after commit changes nothing for the caller (the sweeper publishes later)", async () => {
    const id = await inbound(ws, "902", mid("relay"), "Hi");
    const failing: OutboxPublisher = { publishJobs: async () => [], publishEvent: async () => { throw new Error("bus down"); } };
    expect(await applyChannelUpdates([{ type: "deleted", ...fb(), platformMessageId: (await message(ws, id)).platformMessageId }], failing)).toEqual([{ type: "deleted", outcome: "applied" }]);
    expect((await message(ws, id)).deletedAt).toBeInstanceOf(Date);
  });
});
