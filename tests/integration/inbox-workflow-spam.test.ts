import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labelledTextSchema } from "@/agents/intent/schema";
import { withTenant } from "@/server/infra/db/tenant";
import { exportIntentCorrections, toTrainingJsonl } from "@/server/inbox/export-intent-corrections";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * The Spam folder: a conversation whose latest inbound message the pipeline classified spam is
 * out of the inbox and in the folder; "Not spam" corrects it (recorded, audited), moves it back
 * and trusts the contact, whose next spam-like message the pipeline files under another intent.
 */
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;
let ws: Ws;
const tenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn);
const as = (role: "ADMIN" | "AGENT" | "VIEWER") => callerFor(ws.members[role].userId, ws.workspaceId);
const folder = async (name: "inbox" | "spam", role: "ADMIN" | "AGENT" | "VIEWER" = "AGENT") => (await as(role).inbox.list({ limit: 200, folder: name })).map((c) => c.id);

const SPAM = "DM @growthking to get 10k followers fast!!! link in bio, cheap promo 🔥🔥";

/** Sends a message through the pipeline and waits for it to be classified. */
async function send(text: string, customer: { id: string; name: string; handle: string }) {
  const body = demoBody(ws.externalId, text, customer);
  expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  return waitFor(
    () => tenant((tx) => tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" }, select: { id: true, conversationId: true, intent: true } })),
    20_000,
    "message processed",
  );
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
});
afterAll(async () => {
  await stopQueue();
});

describe("spam folder", () => {
  it("files spam in the folder; Not spam records the correction, moves it back and trusts the contact for later messages", async () => {
    const customer = { id: `spammy-${Date.now()}`, name: "Gus Growth", handle: "growthking" };
    const first = await send(SPAM, customer);
    expect(first.intent).toBe("SPAM");
    expect(await folder("spam")).toContain(first.conversationId);
    expect(await folder("inbox")).not.toContain(first.conversationId);
    expect(await folder("inbox", "VIEWER")).not.toContain(first.conversationId);

    await as("AGENT").inbox.notSpam({ conversationId: first.conversationId, intent: "SALES" });
    expect(await folder("spam")).not.toContain(first.conversationId);
    expect(await folder("inbox")).toContain(first.conversationId);
    const state = await tenant(async (tx) => ({
      message: await tx.message.findUniqueOrThrow({ where: { id: first.id }, select: { intent: true } }),
      corrections: await tx.intentCorrection.findMany({ where: { conversationId: first.conversationId }, select: { messageId: true, fromIntent: true, toIntent: true, correctedById: true } }),
      contact: await tx.contact.findFirstOrThrow({ where: { conversations: { some: { id: first.conversationId } } }, select: { trustedAt: true, trustedById: true } }),
      audit: await tx.auditLog.findMany({ where: { action: "message.not_spam", targetId: first.id }, select: { actorId: true, metadata: true } }),
    }));
    expect(state.message.intent).toBe("SALES");
    expect(state.corrections).toEqual([{ messageId: first.id, fromIntent: "SPAM", toIntent: "SALES", correctedById: ws.members.AGENT.userId }]);
    expect(state.contact.trustedAt).not.toBeNull();
    expect(state.contact.trustedById).toBe(ws.members.AGENT.userId);
    expect(state.audit).toEqual([{ actorId: ws.members.AGENT.userId, metadata: expect.objectContaining({ from: "SPAM", to: "SALES", contactTrusted: true }) }]);

    // The same contact writes the same kind of text again: not filed as spam this time.
    const next = await send(`${SPAM} again`, customer);
    expect(next.conversationId).toBe(first.conversationId);
    expect(next.intent).not.toBe("SPAM");
    expect(await folder("inbox")).toContain(first.conversationId);
    // Someone else sending it still lands in spam.
    const stranger = await send(SPAM, { id: `stranger-${Date.now()}`, name: "Sam Stranger", handle: "sam_s" });
    expect(stranger.intent).toBe("SPAM");
    expect(await folder("spam")).toContain(stranger.conversationId);
  });

  it("exports corrections as anonymised labelled examples in the intent training format", async () => {
    const customer = { id: `export-${Date.now()}`, name: "Nadia Exporter", handle: "nadia_x" };
    const text = "Hi I'm Nadia Exporter, call me on +44 7700 900123 about 10k followers promo link in bio";
    const sent = await send(text, customer);
    expect(sent.intent).toBe("SPAM");
    await as("ADMIN").inbox.notSpam({ conversationId: sent.conversationId, intent: "OTHER" });
    const examples = await tenant((tx) => exportIntentCorrections(tx, ws.workspaceId));
    const mine = examples.find((e) => e.text.includes("10k followers promo"));
    expect(mine).toBeDefined();
    expect(mine!.label).toBe("other");
    expect(mine!.text).not.toContain("Nadia");
    expect(mine!.text).not.toContain("7700");
    const lines = toTrainingJsonl(examples).trim().split("\n");
    expect(lines).toHaveLength(examples.length);
    for (const line of lines) expect(labelledTextSchema.safeParse(JSON.parse(line)).success).toBe(true);
    // A text removed by retention leaves no example.
    await tenant((tx) => tx.message.update({ where: { id: sent.id }, data: { textEnc: null } }));
    expect((await tenant((tx) => exportIntentCorrections(tx, ws.workspaceId))).some((e) => e.text.includes("10k followers promo"))).toBe(false);
  });

  it("refuses Not spam on a conversation not in the folder, with a bad intent, from a viewer, or on what the agent may not see", async () => {
    const customer = { id: `ham-${Date.now()}`, name: "Hal Ham", handle: "hal_h" };
    const ham = await send("How much is the Pro plan per month?", customer);
    expect(ham.intent).not.toBe("SPAM");
    await expect(as("AGENT").inbox.notSpam({ conversationId: ham.conversationId, intent: "SALES" })).rejects.toMatchObject({ code: "CONFLICT" });
    const spam = await send(SPAM, { id: `spam2-${Date.now()}`, name: "Spencer Spam", handle: "sp_s" });
    // @ts-expect-error SPAM is not a correction of spam
    await expect(as("AGENT").inbox.notSpam({ conversationId: spam.conversationId, intent: "SPAM" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as("VIEWER").inbox.notSpam({ conversationId: spam.conversationId, intent: "SALES" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await tenant((tx) => tx.conversation.update({ where: { id: spam.conversationId }, data: { assigneeId: ws.members.ADMIN.userId } }));
    await expect(as("AGENT").inbox.notSpam({ conversationId: spam.conversationId, intent: "SALES" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Nothing changed by the refusals.
    const after = await tenant(async (tx) => ({
      intent: (await tx.message.findUniqueOrThrow({ where: { id: spam.id }, select: { intent: true } })).intent,
      corrections: await tx.intentCorrection.count({ where: { conversationId: { in: [spam.conversationId, ham.conversationId] } } }),
      trusted: await tx.contact.count({ where: { conversations: { some: { id: { in: [spam.conversationId, ham.conversationId] } } }, trustedAt: { not: null } } }),
    }));
    expect(after).toEqual({ intent: "SPAM", corrections: 0, trusted: 0 });
    expect(await folder("spam", "ADMIN")).toContain(spam.conversationId);
  });
});
