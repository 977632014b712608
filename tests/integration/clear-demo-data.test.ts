import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import type { RealtimeBus } from "@/server/infra/realtime/realtime-port";
import type { RealtimeEvent } from "@/shared/realtime-events";
import { realtime } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

// The audit insert is the clear's last statement: failing it proves the deletes before it roll back.
const audit = vi.hoisted(() => ({ fail: false }));
vi.mock("@/server/audit/record-audit", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/audit/record-audit")>();
  return {
    ...actual,
    recordAudit: async (...args: Parameters<typeof actual.recordAudit>) => {
      if (audit.fail) throw new Error("audit insert failed");
      return actual.recordAudit(...args);
    },
  };
});

type Workspace = Awaited<ReturnType<typeof createPipelineWorkspace>>;

const CUSTOMER_NAME = "Jordan Demoperson";

/** Posts demo messages through the webhook and waits until the pipeline has processed them. */
async function seedDemoConversation(ws: Workspace, texts: string[]): Promise<void> {
  const customer = { id: `cust-${Math.random().toString(36).slice(2, 8)}`, name: CUSTOMER_NAME, handle: "jordan_demo" };
  for (const text of texts) expect(await postDemo(ws, demoBody(ws.externalId, text, customer))).toMatchObject({ stored: 1 });
  await waitFor(
    () => withTenant({ workspaceId: ws.workspaceId }, async (tx) => (await tx.message.count({ where: { workspaceId: ws.workspaceId, conversation: { channel: { platform: "DEMO" } }, status: { in: ["RECEIVED", "PROCESSING"] } } })) === 0),
    20_000,
    "demo messages processed",
  );
}

/** A conversation on a real (non-demo) channel, with every kind of row a clear touches. */
async function seedRealConversation(ws: Workspace): Promise<{ conversationId: string; leadId: string }> {
  const workspaceId = ws.workspaceId;
  return withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.create({ data: { workspaceId, platform: "INSTAGRAM", externalId: `ig-${workspaceId}-${Date.now()}`, name: "Instagram" } });
    const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: `ig-user-${channel.id}`, platformUserIdEnc: encrypt("ig-user") } });
    const lead = await tx.lead.create({ data: { workspaceId, contactId: contact.id, tier: "HOT", score: 90 } });
    const conversation = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: `ig-thread-${channel.id}` } });
    const message = await tx.message.create({
      data: { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `ig-msg-${channel.id}`, textEnc: encrypt("Real customer"), status: "PROCESSED", sentAt: new Date() },
    });
    await tx.reply.create({ data: { workspaceId, conversationId: conversation.id, inReplyToId: message.id, source: "AI", status: "DRAFT", textEnc: encrypt("Hello!") } });
    await tx.agentRun.create({ data: { workspaceId, messageId: message.id, agent: "intent", provider: "local", model: "builtin", latencyMs: 3, outcome: "ok" } });
    return { conversationId: conversation.id, leadId: lead.id };
  });
}

/** Row counts by origin (demo channel or not) in one workspace. */
async function counts(workspaceId: string) {
  return withTenant({ workspaceId }, async (tx) => {
    const demo = { workspaceId, channel: { platform: "DEMO" as const } };
    const real = { workspaceId, channel: { platform: { not: "DEMO" as const } } };
    const demoMessages = { workspaceId, conversation: demo };
    const realMessages = { workspaceId, conversation: real };
    return {
      demo: {
        contacts: await tx.contact.count({ where: demo }),
        leads: await tx.lead.count({ where: { workspaceId, contact: demo } }),
        conversations: await tx.conversation.count({ where: demo }),
        messages: await tx.message.count({ where: demoMessages }),
        replies: await tx.reply.count({ where: { workspaceId, conversation: demo } }),
        agentRuns: await tx.agentRun.count({ where: { workspaceId, message: demoMessages } }),
      },
      real: {
        contacts: await tx.contact.count({ where: real }),
        leads: await tx.lead.count({ where: { workspaceId, contact: real } }),
        conversations: await tx.conversation.count({ where: real }),
        messages: await tx.message.count({ where: realMessages }),
        replies: await tx.reply.count({ where: { workspaceId, conversation: real } }),
        agentRuns: await tx.agentRun.count({ where: { workspaceId, message: realMessages } }),
      },
      orphanAgentRuns: await tx.agentRun.count({ where: { workspaceId, messageId: null } }),
      demoChannels: await tx.channel.count({ where: { workspaceId, platform: "DEMO" } }),
      articles: await tx.knowledgeArticle.count({ where: { workspaceId } }),
    };
  });
}

async function clearAudits(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action: "demo.clear" }, orderBy: { createdAt: "asc" } }));
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

let ws: Workspace;
let other: Workspace;
let real: { conversationId: string; leadId: string };

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
  other = await createPipelineWorkspace({ autoReplyEnabled: false });
  real = await seedRealConversation(ws);
  await seedDemoConversation(other, ["Do you deliver oat milk lattes to offices?"]);
});

afterAll(async () => {
  await stopQueue();
});

describe("clearing demo data", () => {
  it("deletes this workspace's demo conversations with everything hanging off them, and nothing else", async () => {
    await seedDemoConversation(ws, ["How much is the Pro plan per month? I'd like to order today.", "And do you ship to Canada?"]);
    const before = await counts(ws.workspaceId);
    expect(before.demo.conversations).toBe(1);
    expect(before.demo.messages).toBe(2);
    expect(before.demo.agentRuns).toBeGreaterThan(0);
    expect(before.demo.replies).toBeGreaterThan(0);
    expect(before.demo.leads).toBe(1);
    const otherBefore = await counts(other.workspaceId);

    const cleared = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).demo.clear({ confirm: true });

    expect(cleared).toEqual(before.demo);
    const after = await counts(ws.workspaceId);
    expect(after.demo).toEqual({ contacts: 0, leads: 0, conversations: 0, messages: 0, replies: 0, agentRuns: 0 });
    expect(after.orphanAgentRuns).toBe(before.orphanAgentRuns); // agent runs were deleted, not detached
    expect(after.real).toEqual(before.real);
    expect(after.real).toEqual({ contacts: 1, leads: 1, conversations: 1, messages: 1, replies: 1, agentRuns: 1 });
    expect(after.demoChannels).toBe(1);
    expect(after.articles).toBe(before.articles);
    expect(await counts(other.workspaceId)).toEqual(otherBefore);
    expect(otherBefore.demo.conversations).toBe(1);

    // The real conversation is still readable through the inbox; demo messages flow again.
    const inbox = await callerFor(ws.members.VIEWER.userId, ws.workspaceId).inbox.list();
    expect(inbox.map((c) => c.id)).toEqual([real.conversationId]);
    await seedDemoConversation(ws, ["Are you open on Sundays?"]);
    expect((await counts(ws.workspaceId)).demo.conversations).toBe(1);
  });

  it("writes one audit entry with the counts and no personal data", async () => {
    await seedDemoConversation(ws, ["What are your opening hours? My email is jordan@example.test"]);
    const seen = (await clearAudits(ws.workspaceId)).length;
    const cleared = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).demo.clear({ confirm: true });
    const entries = await clearAudits(ws.workspaceId);
    expect(entries).toHaveLength(seen + 1);
    const entry = entries.at(-1)!;
    expect(entry).toMatchObject({ actorType: "USER", actorId: ws.members.ADMIN.userId, targetType: "workspace", targetId: ws.workspaceId });
    expect(entry.metadata).toEqual(cleared);
    const serialised = JSON.stringify(entry);
    for (const secret of [CUSTOMER_NAME, "jordan_demo", "jordan@example.test", "opening hours"]) expect(serialised).not.toContain(secret);
  });

  it("refuses agents and viewers on the server and deletes nothing", async () => {
    await seedDemoConversation(ws, ["Can I book the back room for a party of 12?"]);
    const before = await counts(ws.workspaceId);
    for (const role of ["AGENT", "VIEWER"] as const) {
      expect(await trpcCode(callerFor(ws.members[role].userId, ws.workspaceId).demo.clear({ confirm: true }))).toBe("FORBIDDEN");
    }
    expect(await trpcCode(callerFor(null, ws.workspaceId).demo.clear({ confirm: true }))).toBe("UNAUTHORIZED");
    expect(await counts(ws.workspaceId)).toEqual(before);
  });

  it("refuses a call without the confirmation and deletes nothing", async () => {
    const before = await counts(ws.workspaceId);
    expect(before.demo.conversations).toBeGreaterThan(0);
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    // @ts-expect-error: the confirmation is required by the input schema
    expect(await trpcCode(admin.demo.clear({}))).toBe("BAD_REQUEST");
    // @ts-expect-error: only `true` confirms
    expect(await trpcCode(admin.demo.clear({ confirm: "yes" }))).toBe("BAD_REQUEST");
    expect(await counts(ws.workspaceId)).toEqual(before);
  });

  it("is harmless when run again: nothing more is deleted", async () => {
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    await admin.demo.clear({ confirm: true });
    const before = await counts(ws.workspaceId);
    const again = await admin.demo.clear({ confirm: true });
    expect(again).toEqual({ conversations: 0, messages: 0, replies: 0, agentRuns: 0, leads: 0, contacts: 0 });
    expect(await counts(ws.workspaceId)).toEqual(before);
    expect(before.real.conversations).toBe(1);
  });

  it("rolls everything back when a step fails part-way", async () => {
    await seedDemoConversation(ws, ["Do you sell gift cards?"]);
    const before = await counts(ws.workspaceId);
    const audits = (await clearAudits(ws.workspaceId)).length;
    audit.fail = true;
    try {
      expect(await trpcCode(callerFor(ws.members.ADMIN.userId, ws.workspaceId).demo.clear({ confirm: true }))).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      audit.fail = false;
    }
    expect(await counts(ws.workspaceId)).toEqual(before);
    expect(before.demo.conversations).toBe(1);
    expect(await clearAudits(ws.workspaceId)).toHaveLength(audits);
  });

  it("tells open inboxes what went, and still clears when the realtime bus is down", async () => {
    await seedDemoConversation(ws, ["Is the cold brew vegan?"]);
    const conversationId = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => (await tx.conversation.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, channel: { platform: "DEMO" } } })).id);
    const events: RealtimeEvent[] = [];
    const stop = await realtime().subscribe(ws.workspaceId, (event) => events.push(event));
    try {
      await callerFor(ws.members.ADMIN.userId, ws.workspaceId).demo.clear({ confirm: true });
      await vi.waitFor(() => expect(events).toContainEqual({ type: "conversation.updated", conversationId }));
      expect(events.some((e) => e.type === "lead.updated")).toBe(true);
    } finally {
      stop();
    }

    await seedDemoConversation(ws, ["Do you have decaf?"]);
    const ports = (globalThis as unknown as { leadlinePorts: { realtime?: RealtimeBus } }).leadlinePorts;
    const working = ports.realtime;
    ports.realtime = {
      publish: () => Promise.reject(new Error("realtime unavailable")),
      subscribe: () => Promise.reject(new Error("realtime unavailable")),
    };
    try {
      const cleared = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).demo.clear({ confirm: true });
      expect(cleared.conversations).toBe(1);
    } finally {
      ports.realtime = working;
    }
    expect((await counts(ws.workspaceId)).demo.conversations).toBe(0);
  });
});
