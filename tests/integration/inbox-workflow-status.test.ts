import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { realtime } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { RealtimeUnavailableError } from "@/server/infra/realtime/realtime-port";
import { callerFor, createUser } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo } from "../helpers/pipeline";

/**
 * The inbox workflow, status and assignment: open / snoozed / closed (a snooze wakes up when its
 * time passes or the customer writes; a closed conversation reopens on a new message), read
 * markers and "needs reply", assignment by role, auto-assignment, audit and refusals.
 */
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;
let ws: Ws;
const tenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn);
const as = (role: "ADMIN" | "AGENT" | "VIEWER") => callerFor(ws.members[role].userId, ws.workspaceId);

let seq = 0;
/** A conversation with one inbound message, written directly (no pipeline run). */
async function conversation(opts: { assigneeId?: string | null; text?: string; intent?: "SALES" | "SPAM"; sentAt?: Date } = {}) {
  const key = `st-${Date.now()}-${seq++}`;
  return tenant(async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key), displayNameEnc: encrypt("Casey Status") } });
    const sentAt = opts.sentAt ?? new Date();
    const c = await tx.conversation.create({
      data: { workspaceId: ws.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: key, assigneeId: opts.assigneeId ?? null, lastMessageAt: sentAt, lastInboundAt: sentAt },
    });
    await tx.message.create({
      data: { workspaceId: ws.workspaceId, channelId: channel.id, conversationId: c.id, direction: "INBOUND", platformMessageId: key, textEnc: encrypt(opts.text ?? "hello there"), sentAt, intent: opts.intent ?? "SALES", status: "PROCESSED" },
    });
    return c.id;
  });
}

const listed = async (role: "ADMIN" | "AGENT" | "VIEWER", filters: Parameters<ReturnType<typeof as>["inbox"]["list"]>[0] = {}) => (await as(role).inbox.list({ limit: 200, ...filters })).map((c) => c.id);
const row = async (role: "ADMIN" | "AGENT" | "VIEWER", id: string) => (await as(role).inbox.list({ limit: 200 })).find((c) => c.id === id);
const auditOf = (conversationId: string) => tenant((tx) => tx.auditLog.findMany({ where: { targetId: conversationId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, metadata: true } }));

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stopQueue();
});

describe("status: open, snoozed, closed", () => {
  it("closes and reopens, audited, and the status filter follows", async () => {
    const id = await conversation();
    expect(await listed("ADMIN", { status: "open" })).toContain(id);
    await as("AGENT").inbox.setStatus({ conversationId: id, change: { status: "CLOSED" } });
    expect(await listed("ADMIN", { status: "open" })).not.toContain(id);
    expect(await listed("ADMIN", { status: "closed" })).toContain(id);
    expect((await row("VIEWER", id))?.status).toBe("CLOSED");
    await as("ADMIN").inbox.setStatus({ conversationId: id, change: { status: "OPEN" } });
    expect(await listed("ADMIN", { status: "open" })).toContain(id);
    expect(await auditOf(id)).toEqual([
      { action: "conversation.status", actorId: ws.members.AGENT.userId, metadata: { from: "OPEN", to: "CLOSED" } },
      { action: "conversation.status", actorId: ws.members.ADMIN.userId, metadata: { from: "CLOSED", to: "OPEN" } },
    ]);
  });

  it("a snooze hides the conversation from the open list until its time passes", async () => {
    const id = await conversation();
    const until = new Date(Date.now() + 3_600_000);
    await as("AGENT").inbox.setStatus({ conversationId: id, change: { status: "SNOOZED", until } });
    expect(await listed("AGENT", { status: "open" })).not.toContain(id);
    expect(await listed("AGENT", { status: "snoozed" })).toContain(id);
    expect(await row("AGENT", id)).toMatchObject({ status: "SNOOZED", snoozedUntil: until });
    // The time passes (moved into the past here): open again, without any job running.
    await tenant((tx) => tx.conversation.update({ where: { id }, data: { snoozedUntil: new Date(Date.now() - 1000) } }));
    expect(await listed("AGENT", { status: "open" })).toContain(id);
    expect(await listed("AGENT", { status: "snoozed" })).not.toContain(id);
    expect(await row("AGENT", id)).toMatchObject({ status: "OPEN", snoozedUntil: null });
  });

  it("a new inbound message wakes a snoozed conversation and reopens a closed one", async () => {
    const customer = { id: `wake-${Date.now()}`, name: "Wes Waker", handle: "wes_w" };
    const first = demoBody(ws.externalId, "Is the grinder in stock?", customer);
    expect(await postDemo(ws, first)).toMatchObject({ stored: 1 });
    const messageId = (JSON.parse(first) as { messageId: string }).messageId;
    const { id } = await tenant((tx) => tx.conversation.findFirstOrThrow({ where: { messages: { some: { platformMessageId: messageId } } } }));
    await as("AGENT").inbox.setStatus({ conversationId: id, change: { status: "SNOOZED", until: new Date(Date.now() + 86_400_000) } });
    expect(await postDemo(ws, demoBody(ws.externalId, "Hello? still there?", customer))).toMatchObject({ stored: 1 });
    expect(await row("AGENT", id)).toMatchObject({ status: "OPEN", unread: true, needsReply: true });

    await as("AGENT").inbox.setStatus({ conversationId: id, change: { status: "CLOSED" } });
    expect(await listed("AGENT", { status: "open" })).not.toContain(id);
    expect(await postDemo(ws, demoBody(ws.externalId, "One more question about delivery", customer))).toMatchObject({ stored: 1 });
    expect(await listed("AGENT", { status: "open" })).toContain(id);
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const id = await conversation();
    const agent = as("AGENT");
    await expect(agent.inbox.setStatus({ conversationId: id, change: { status: "SNOOZED", until: new Date(Date.now() - 60_000) } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("future") });
    await expect(agent.inbox.setStatus({ conversationId: id, change: { status: "SNOOZED", until: new Date(Date.now() + 400 * 86_400_000) } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("365 days") });
    // @ts-expect-error a status that does not exist
    await expect(agent.inbox.setStatus({ conversationId: id, change: { status: "ARCHIVED" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error a snooze without a time
    await expect(agent.inbox.setStatus({ conversationId: id, change: { status: "SNOOZED" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(agent.inbox.setStatus({ conversationId: "missing", change: { status: "CLOSED" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(agent.inbox.list({ search: "x".repeat(201) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await tenant((tx) => tx.conversation.findUniqueOrThrow({ where: { id }, select: { status: true, snoozedUntil: true } }))).toEqual({ status: "OPEN", snoozedUntil: null });
    expect(await auditOf(id)).toEqual([]);
  });

  it("refuses a viewer's crafted requests on the server", async () => {
    const id = await conversation();
    const viewer = as("VIEWER");
    await expect(viewer.inbox.setStatus({ conversationId: id, change: { status: "CLOSED" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.inbox.assign({ conversationId: id, assigneeId: ws.members.VIEWER.userId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.inbox.notSpam({ conversationId: id, intent: "SALES" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.inbox.setAutoAssign({ enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("AGENT").inbox.setAutoAssign({ enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await tenant((tx) => tx.conversation.findUniqueOrThrow({ where: { id }, select: { status: true, assigneeId: true } }))).toEqual({ status: "OPEN", assigneeId: null });
    expect((await viewer.inbox.settings()).autoAssign).toBe(false);
  });

  it("publishes the change to other open inboxes, and keeps it when the realtime bus is down", async () => {
    const id = await conversation();
    const publish = vi.spyOn(realtime(), "publish").mockRejectedValue(new RealtimeUnavailableError("bus down"));
    try {
      await as("AGENT").inbox.setStatus({ conversationId: id, change: { status: "CLOSED" } });
      expect(publish).toHaveBeenCalledWith(ws.workspaceId, { type: "conversation.updated", conversationId: id });
    } finally {
      publish.mockRestore();
    }
    // The change committed; the event waits in the outbox for the sweeper.
    expect((await row("ADMIN", id))?.status).toBe("CLOSED");
    expect(await tenant((tx) => tx.outboxEntry.count({ where: { kind: "event", name: "conversation.updated" } }))).toBeGreaterThanOrEqual(1);
  });
});

describe("read markers and needs reply", () => {
  it("is unread for each member until they open it; a reply answers it", async () => {
    const id = await conversation({ sentAt: new Date(Date.now() - 5000) });
    expect(await row("AGENT", id)).toMatchObject({ unread: true, needsReply: true, preview: { direction: "INBOUND", text: "hello there" } });
    await as("AGENT").inbox.markRead({ conversationId: id });
    expect((await row("AGENT", id))?.unread).toBe(false);
    expect((await row("ADMIN", id))?.unread).toBe(true);
    await as("VIEWER").inbox.markRead({ conversationId: id });
    expect((await row("VIEWER", id))?.unread).toBe(false);

    await as("AGENT").inbox.reply({ conversationId: id, text: "Happy to help!" });
    expect(await row("ADMIN", id)).toMatchObject({ needsReply: false, preview: { direction: "OUTBOUND", text: "Happy to help!" }, lastMessage: { text: "hello there" } });
  });

  it("refuses to mark what the member may not see", async () => {
    const id = await conversation({ assigneeId: ws.members.ADMIN.userId });
    await expect(as("AGENT").inbox.markRead({ conversationId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await tenant((tx) => tx.conversationRead.count({ where: { conversationId: id } }))).toBe(0);
  });
});

describe("assignment", () => {
  it("lets an agent take an unassigned conversation and give it back, audited", async () => {
    const id = await conversation();
    await as("AGENT").inbox.assign({ conversationId: id, assigneeId: ws.members.AGENT.userId });
    expect(await listed("AGENT", { assignee: "me" })).toContain(id);
    expect(await listed("ADMIN", { assignee: "unassigned" })).not.toContain(id);
    await as("AGENT").inbox.assign({ conversationId: id, assigneeId: null });
    expect(await listed("ADMIN", { assignee: "unassigned" })).toContain(id);
    expect((await auditOf(id)).map((a) => [a.action, a.metadata])).toEqual([
      ["conversation.assign", { from: null, to: ws.members.AGENT.userId }],
      ["conversation.unassign", { from: ws.members.AGENT.userId, to: null }],
    ]);
  });

  it("refuses an agent assigning to someone else, or touching a conversation assigned to another", async () => {
    const id = await conversation();
    await expect(as("AGENT").inbox.assign({ conversationId: id, assigneeId: ws.members.ADMIN.userId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const theirs = await conversation({ assigneeId: ws.members.ADMIN.userId });
    await expect(as("AGENT").inbox.assign({ conversationId: theirs, assigneeId: ws.members.AGENT.userId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as("AGENT").inbox.assign({ conversationId: theirs, assigneeId: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as("AGENT").inbox.setStatus({ conversationId: theirs, change: { status: "CLOSED" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listed("AGENT")).not.toContain(theirs);
    expect(await tenant((tx) => tx.conversation.findUniqueOrThrow({ where: { id: theirs }, select: { assigneeId: true, status: true } }))).toEqual({ assigneeId: ws.members.ADMIN.userId, status: "OPEN" });
  });

  it("lets an admin assign to any agent or admin, never to a viewer or a stranger; the agent loses what went to others", async () => {
    const id = await conversation({ assigneeId: ws.members.AGENT.userId });
    await expect(as("ADMIN").inbox.assign({ conversationId: id, assigneeId: ws.members.VIEWER.userId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as("ADMIN").inbox.assign({ conversationId: id, assigneeId: "user_not_a_member" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await listed("AGENT")).toContain(id);
    await as("ADMIN").inbox.assign({ conversationId: id, assigneeId: ws.members.ADMIN.userId });
    expect(await listed("AGENT")).not.toContain(id);
    await expect(as("AGENT").inbox.get({ conversationId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const assignees = await as("VIEWER").inbox.assignees();
    expect(assignees.map((a) => a.userId).sort()).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId].sort());
  });

  it("auto-assigns new conversations round-robin to agents, fewest open first, when an admin turns it on", async () => {
    const team = await createPipelineWorkspace({ autoReplyEnabled: false });
    const agent2 = await createUser("agent2");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId: agent2.userId, role: "AGENT" } }));
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const assigneeOf = async (body: string) => {
      const messageId = (JSON.parse(body) as { messageId: string }).messageId;
      expect(await postDemo(team, body)).toMatchObject({ stored: 1 });
      return withTenant({ workspaceId: team.workspaceId }, async (tx) => (await tx.conversation.findFirstOrThrow({ where: { messages: { some: { platformMessageId: messageId } } } })).assigneeId);
    };
    // Off by default: new conversations stay unassigned.
    expect(await assigneeOf(demoBody(team.externalId, "Hi there"))).toBeNull();
    expect(await admin.inbox.setAutoAssign({ enabled: true })).toEqual({ autoAssign: true });
    const a = await assigneeOf(demoBody(team.externalId, "Do you sell beans?"));
    const b = await assigneeOf(demoBody(team.externalId, "Do you sell cups?"));
    expect([a, b].sort()).toEqual([team.members.AGENT.userId, agent2.userId].sort());
    // The first agent closes theirs: they now have the fewest open, so the next one is theirs.
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.conversation.updateMany({ where: { assigneeId: a }, data: { status: "CLOSED" } }));
    expect(await assigneeOf(demoBody(team.externalId, "Do you sell filters?"))).toBe(a);
    // A later message in an assigned conversation keeps its assignee; admins and viewers are never picked.
    const customer = { id: `same-${Date.now()}` };
    const first = await assigneeOf(demoBody(team.externalId, "Question one", customer));
    expect(await assigneeOf(demoBody(team.externalId, "Question two", customer))).toBe(first);
    expect([team.members.AGENT.userId, agent2.userId]).toContain(first);
    const audits = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.auditLog.findMany({ where: { action: { in: ["conversation.auto_assign", "workspace.settings.update"] } }, select: { action: true, actorType: true } }));
    expect(audits.filter((x) => x.action === "conversation.auto_assign" && x.actorType === "SYSTEM")).toHaveLength(4);
    expect(audits.filter((x) => x.action === "workspace.settings.update")).toHaveLength(1);
  });
});
