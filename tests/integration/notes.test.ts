import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson, type FakeLlmServer, type RecordedRequest } from "../fakes/shared/llm-fake-core";
import { stringsIn } from "../fixtures/privacy/pii-corpus";
import { decrypt, encrypt, keyIdOf } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { RealtimeUnavailableError } from "@/server/infra/realtime/realtime-port";
import { realtime } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { applyRetention } from "@/server/privacy/apply-retention";
import { NOTE_MAX_CHARS } from "@/shared/notes/note-input";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Internal notes on a conversation: who writes, reads and deletes them (a viewer's crafted call
 * refused by the server), tenancy, bad input, encryption at rest, audit without the text,
 * retention and erasure, and that a note never reaches the platform, a model or a reply.
 */
type Role = "ADMIN" | "AGENT" | "VIEWER";
let fake: FakeLlmServer;
let owner: pg.Client;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let other: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;

const as = (role: Role) => callerFor(ws.members[role].userId, ws.workspaceId);
const tenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn);
const notesIn = (conversationId: string) => tenant((tx) => tx.conversationNote.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } }));

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "ok", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}

let seq = 0;
/** A conversation with one inbound message, written directly (no pipeline run). */
async function conversation(workspaceId = ws.workspaceId, opts: { assigneeId?: string } = {}) {
  const key = `note-${Date.now()}-${seq++}`;
  return withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO", workspaceId } });
    const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key), displayNameEnc: encrypt("Noa Notes") } });
    const c = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: key, assigneeId: opts.assigneeId ?? null } });
    await tx.message.create({ data: { workspaceId, channelId: channel.id, conversationId: c.id, direction: "INBOUND", platformMessageId: key, textEnc: encrypt("hello there"), sentAt: new Date(), status: "PROCESSED", intent: "SALES" } });
    return { conversationId: c.id, contactId: contact.id };
  });
}

const REPLY = "Thanks for asking! Our Pro plan costs $29 per month.";
const agentOf = (r: RecordedRequest) => {
  const body = JSON.stringify(r.body);
  return body.includes("You classify one message") ? "intent" : body.includes("You score social-media leads") ? "scorer" : body.includes("You check a customer-service reply") ? "grounding" : "reply";
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setResponder((request) => {
    const usage = { input: 100, output: 20 };
    switch (agentOf(request)) {
      case "intent":
        return replyJson({ intent: "sales", confidence: 0.9 }, { usage });
      case "scorer":
        return replyJson({ tier: "warm", score: 60, reason: "Asked about pricing", tags: ["pricing"] }, { usage });
      case "grounding":
        return replyJson({ unsupported: [] }, { usage });
      default:
        return (request.body as { stream?: unknown } | undefined)?.stream === true ? { type: "reply", content: REPLY, usage } : replyJson({ reply: REPLY, usedArticleIds: [], confident: true }, { usage });
    }
  });
  Object.assign(process.env, {
    OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.baseURL, LLM_TIMEOUT_MS: "3000",
    INTENT_MODELS: "openai:gpt-4o-mini,local", REPLY_MODELS: "openai:gpt-4o-mini,local", SCORER_MODELS: "openai:gpt-4o-mini,local",
  });
  owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
  await owner.connect();
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  other = await createWorkspaceWithTeam("Elsewhere");
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stopQueue();
  await fake.close();
  await owner.end();
});

describe("writing and reading notes", () => {
  it("lets an agent write a note that every member who sees the conversation reads, oldest first", async () => {
    const { conversationId } = await conversation();
    const first = await as("AGENT").notes.add({ conversationId, text: "  Called them back, they want the Pro plan.  " });
    await as("ADMIN").notes.add({ conversationId, text: "Offer the yearly discount." });
    expect(first).toMatchObject({ text: "Called them back, they want the Pro plan.", author: { id: ws.members.AGENT.userId, isYou: true }, canDelete: true });
    for (const role of ["ADMIN", "AGENT", "VIEWER"] as const) {
      const notes = await as(role).notes.list({ conversationId });
      expect(notes.map((n) => n.text)).toEqual(["Called them back, they want the Pro plan.", "Offer the yearly discount."]);
      expect(notes[0]!.author.name).toBe("Test agent");
    }
    // What each reader may delete: the author their own, an admin any, a viewer none.
    expect((await as("AGENT").notes.list({ conversationId })).map((n) => n.canDelete)).toEqual([true, false]);
    expect((await as("ADMIN").notes.list({ conversationId })).map((n) => n.canDelete)).toEqual([true, true]);
    expect((await as("VIEWER").notes.list({ conversationId })).map((n) => n.canDelete)).toEqual([false, false]);
  });

  it("hides the notes of a conversation assigned to a colleague from an agent, as the conversation itself", async () => {
    const { conversationId } = await conversation(ws.workspaceId, { assigneeId: ws.members.ADMIN.userId });
    await as("ADMIN").notes.add({ conversationId, text: "VIP, handle with care." });
    expect((await codeOf(as("AGENT").notes.list({ conversationId }))).code).toBe("NOT_FOUND");
    expect((await codeOf(as("AGENT").notes.add({ conversationId, text: "sneaky" }))).code).toBe("NOT_FOUND");
    const [note] = await notesIn(conversationId);
    expect((await codeOf(as("AGENT").notes.delete({ noteId: note!.id }))).code).toBe("NOT_FOUND");
    expect(await notesIn(conversationId)).toHaveLength(1);
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const { conversationId } = await conversation();
    const empty = await codeOf(as("AGENT").notes.add({ conversationId, text: "   \n " }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(empty.message).toContain("Write the note first.");
    const long = await codeOf(as("AGENT").notes.add({ conversationId, text: "x".repeat(NOTE_MAX_CHARS + 1) }));
    expect(long.code).toBe("BAD_REQUEST");
    expect(long.message).toContain("Notes are limited to 2,000 characters.");
    // Exactly the limit is fine.
    expect((await codeOf(as("AGENT").notes.add({ conversationId, text: "y".repeat(NOTE_MAX_CHARS) }))).code).toBe("ok");
    expect((await codeOf(as("AGENT").notes.add({ conversationId: "no-such-conversation", text: "hello" }))).code).toBe("NOT_FOUND");
    expect((await codeOf(as("AGENT").notes.add({ conversationId: "", text: "hello" }))).code).toBe("BAD_REQUEST");
    expect((await codeOf(as("AGENT").notes.delete({ noteId: "no-such-note" }))).code).toBe("NOT_FOUND");
    expect((await notesIn(conversationId)).map((n) => decrypt(n.textEnc).length)).toEqual([NOTE_MAX_CHARS]);
  });

  it("keeps the note when the realtime bus is down; the event waits in the outbox", async () => {
    const { conversationId } = await conversation();
    const publish = vi.spyOn(realtime(), "publish").mockRejectedValue(new RealtimeUnavailableError("bus down"));
    try {
      await as("AGENT").notes.add({ conversationId, text: "Written while the bus was down." });
      expect(publish).toHaveBeenCalledWith(ws.workspaceId, { type: "conversation.updated", conversationId });
    } finally {
      publish.mockRestore();
    }
    expect((await as("VIEWER").notes.list({ conversationId })).map((n) => n.text)).toEqual(["Written while the bus was down."]);
    expect(await tenant((tx) => tx.outboxEntry.count({ where: { kind: "event", name: "conversation.updated" } }))).toBeGreaterThanOrEqual(1);
  });
});

describe("roles", () => {
  it("refuses a viewer's crafted writes and deletes on the server; the notes stay", async () => {
    const { conversationId } = await conversation();
    const note = await as("AGENT").notes.add({ conversationId, text: "Agent's note." });
    expect((await codeOf(as("VIEWER").notes.add({ conversationId, text: "Viewer's note." }))).code).toBe("FORBIDDEN");
    expect((await codeOf(as("VIEWER").notes.delete({ noteId: note.id }))).code).toBe("FORBIDDEN");
    expect((await notesIn(conversationId)).map((n) => decrypt(n.textEnc))).toEqual(["Agent's note."]);
    expect((await codeOf(callerFor(null, ws.workspaceId).notes.list({ conversationId }))).code).toBe("UNAUTHORIZED");
  });

  it("lets the author delete their own note and an admin any; an agent cannot delete a colleague's; audited without the text", async () => {
    const { conversationId } = await conversation();
    const byAdmin = await as("ADMIN").notes.add({ conversationId, text: "Admin's secret plan for Noa." });
    const byAgent = await as("AGENT").notes.add({ conversationId, text: "Agent's note about Noa." });
    const refused = await codeOf(as("AGENT").notes.delete({ noteId: byAdmin.id }));
    expect(refused).toEqual({ code: "FORBIDDEN", message: "Only the note's author or an admin can delete it." });
    expect(await notesIn(conversationId)).toHaveLength(2);
    await as("ADMIN").notes.delete({ noteId: byAgent.id });
    const another = await as("AGENT").notes.add({ conversationId, text: "Second thought." });
    await as("AGENT").notes.delete({ noteId: another.id });
    expect((await notesIn(conversationId)).map((n) => n.id)).toEqual([byAdmin.id]);
    // Deleting twice: not found, nothing else happens.
    expect((await codeOf(as("AGENT").notes.delete({ noteId: another.id }))).code).toBe("NOT_FOUND");

    const audit = await tenant((tx) => tx.auditLog.findMany({ where: { targetType: "conversation_note", targetId: { in: [byAdmin.id, byAgent.id, another.id] } }, orderBy: { createdAt: "asc" } }));
    expect(audit.map((a) => [a.action, a.targetId, a.actorId])).toEqual([
      ["conversation.note.create", byAdmin.id, ws.members.ADMIN.userId],
      ["conversation.note.create", byAgent.id, ws.members.AGENT.userId],
      ["conversation.note.delete", byAgent.id, ws.members.ADMIN.userId],
      ["conversation.note.create", another.id, ws.members.AGENT.userId],
      ["conversation.note.delete", another.id, ws.members.AGENT.userId],
    ]);
    const logged = JSON.stringify(audit.map((a) => a.metadata));
    for (const word of ["secret", "Noa", "thought"]) expect(logged).not.toContain(word);
    expect(audit[0]!.metadata).toMatchObject({ conversationId });
  });
});

describe("tenancy", () => {
  it("never shows or deletes another workspace's notes", async () => {
    const { conversationId } = await conversation();
    const note = await as("AGENT").notes.add({ conversationId, text: "Only for our team." });
    const theirs = await conversation(other.workspaceId);
    const theirNote = await callerFor(other.members.ADMIN.userId, other.workspaceId).notes.add({ conversationId: theirs.conversationId, text: "Their own note." });

    const outsider = callerFor(other.members.ADMIN.userId, other.workspaceId);
    expect((await codeOf(outsider.notes.list({ conversationId }))).code).toBe("NOT_FOUND");
    expect((await codeOf(outsider.notes.add({ conversationId, text: "planted" }))).code).toBe("NOT_FOUND");
    expect((await codeOf(outsider.notes.delete({ noteId: note.id }))).code).toBe("NOT_FOUND");
    // Asking for our workspace without being a member of it.
    expect((await codeOf(callerFor(other.members.ADMIN.userId, ws.workspaceId).notes.list({ conversationId }))).code).toBe("NOT_FOUND");
    // And the other way round.
    expect((await codeOf(as("ADMIN").notes.list({ conversationId: theirs.conversationId }))).code).toBe("NOT_FOUND");
    expect((await codeOf(as("ADMIN").notes.delete({ noteId: theirNote.id }))).code).toBe("NOT_FOUND");

    expect((await notesIn(conversationId)).map((n) => n.id)).toEqual([note.id]);
    // Row-level security: their tenant transaction sees only their notes, even unfiltered.
    const seen = await withTenant({ workspaceId: other.workspaceId }, (tx) => tx.conversationNote.findMany({ select: { id: true, workspaceId: true } }));
    expect(seen.map((n) => n.id)).toContain(theirNote.id);
    expect(seen.every((n) => n.workspaceId === other.workspaceId)).toBe(true);
  });
});

describe("at rest", () => {
  it("stores only ciphertext, with a key id, which decrypts to the note", async () => {
    const { conversationId } = await conversation();
    const text = "Customer Noa Notes, card ending 4242, phone +1 415 555 0100.";
    const note = await as("AGENT").notes.add({ conversationId, text });
    const { rows } = await owner.query<{ textEnc: string }>(`SELECT "textEnc" FROM conversation_notes WHERE id = $1`, [note.id]);
    const stored = rows[0]!.textEnc;
    for (const part of ["Noa", "4242", "555", "card"]) expect(stored).not.toContain(part);
    expect(keyIdOf(stored)).toBeTruthy();
    expect(decrypt(stored)).toBe(text);
  });
});

describe("retention and erasure", () => {
  it("deletes notes older than the workspace's retention and keeps recent ones", async () => {
    const { conversationId } = await conversation();
    const old = await as("AGENT").notes.add({ conversationId, text: "Old note." });
    const recent = await as("AGENT").notes.add({ conversationId, text: "Recent note." });
    await tenant((tx) => tx.conversationNote.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 120 * 86_400_000) } }));
    const report = await applyRetention({ batchSize: 2 });
    expect(report.failed).toEqual([]);
    expect(report.counts.notes).toBeGreaterThanOrEqual(1);
    expect((await notesIn(conversationId)).map((n) => n.id)).toEqual([recent.id]);
    // A rerun changes nothing more.
    await applyRetention();
    expect((await notesIn(conversationId)).map((n) => n.id)).toEqual([recent.id]);
  });

  it("erases the notes with the contact, counted in the audit", async () => {
    const { conversationId, contactId } = await conversation();
    await as("AGENT").notes.add({ conversationId, text: "About to be erased." });
    await as("ADMIN").notes.add({ conversationId, text: "Me too." });
    const result = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).privacy.eraseContact({ contactId });
    expect(result.counts).toMatchObject({ conversations: 1, notes: 2 });
    const { rows } = await owner.query(`SELECT id FROM conversation_notes WHERE "conversationId" = $1`, [conversationId]);
    expect(rows).toEqual([]);
  });
});

describe("never sent, never given to a model or a CRM", () => {
  it("keeps a note out of every model request and every reply, while the messages around it go through", async () => {
    const MARKER = "Zebra-Quasar-417";
    const send = async (text: string) => {
      const body = demoBody(ws.externalId, text, { id: "note-customer", name: "Noa Notes", handle: "noa_n" });
      expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
      const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
      return waitFor(() => tenant((tx) => tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" } })), 30_000, "message processed");
    };
    const first = await send("How much is the Pro plan per month?");
    const conversationId = first.conversationId;
    const repliesBefore = await tenant((tx) => tx.reply.count({ where: { conversationId } }));
    const outboxBefore = await tenant((tx) => tx.outboxEntry.count({ where: { kind: "job" } }));
    await as("AGENT").notes.add({ conversationId, text: `${MARKER}: they said on the phone they will buy today.` });
    // Writing a note queued nothing and created no reply.
    expect(await tenant((tx) => tx.reply.count({ where: { conversationId } }))).toBe(repliesBefore);
    expect(await tenant((tx) => tx.outboxEntry.count({ where: { kind: "job" } }))).toBeLessThanOrEqual(outboxBefore);

    const requestsFrom = fake.requests.length;
    await send("Does the Pro plan include free shipping?");
    const { streamInboxDraft } = await import("@/server/inbox/stream-inbox-draft");
    const stream = await streamInboxDraft({ workspaceId: ws.workspaceId, userId: ws.members.AGENT.userId, role: "AGENT" }, conversationId);
    await new Response(stream).text();

    const seen = fake.requests.slice(requestsFrom).flatMap((r) => stringsIn(r.body));
    // Live: the second message and the history did reach the models.
    expect(seen.some((s) => s.includes("free shipping"))).toBe(true);
    expect(seen.some((s) => s.includes("Pro plan per month"))).toBe(true);
    expect(seen.filter((s) => s.includes(MARKER) || s.includes("on the phone"))).toEqual([]);
    const replies = await tenant((tx) => tx.reply.findMany({ where: { conversationId } }));
    expect(replies.length).toBeGreaterThan(repliesBefore);
    expect(replies.map((r) => decrypt(r.textEnc)).filter((t) => t.includes(MARKER))).toEqual([]);
  });

  it("is read by no code that talks to a platform, a model or a CRM", () => {
    // The pipeline, the agents, the AI runtime, the connectors and the CRM sync never load notes.
    const roots = ["src/agents", "src/server/ai", "src/server/pipeline", "src/server/channels", "src/server/crm"];
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
      });
    const files = roots.flatMap(walk);
    expect(files.length).toBeGreaterThan(50);
    const readers = files.filter((f) => /conversationNote|conversation_notes|notes\/conversation-notes/.test(readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });
});
