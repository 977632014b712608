import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson, type FakeLlmServer, type RecordedRequest } from "../fakes/shared/llm-fake-core";
import { blindIndex, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { cache } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Data-subject requests: an admin exports everything held about one contact (decrypted) and
 * erases it. Real pipeline runs against a fake OpenAI server, so the agent runs and the LLM
 * cache entries are the ones production writes.
 */
let fake: FakeLlmServer;
let owner: pg.Client;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;

const TEXT = "Can I pause my subscription for a month? I'm Ana Lopez";
const agentOf = (r: RecordedRequest) => {
  const body = JSON.stringify(r.body);
  return body.includes("You classify one message") ? "intent" : body.includes("You score social-media leads") ? "scorer" : "reply";
};

async function send(text: string, customer: { id: string; name: string; handle: string }) {
  const body = demoBody(ws.externalId, text, customer);
  await postDemo(ws, body);
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  return waitFor(
    () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" }, include: { conversation: true, agentRuns: true } })),
    20_000,
    "message processed",
  );
}

type Person = { contactId: string; conversationId: string; messageId: string; leadId: string; connectionId: string; cacheKeys: string[] };
let ana: Person;
let bo: { contactId: string; messageId: string };

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setResponder((request) => {
    const usage = { input: 100, output: 20 };
    switch (agentOf(request)) {
      case "intent":
        return replyJson({ intent: "support", confidence: 0.9 }, { usage });
      case "scorer":
        return replyJson({ tier: "warm", score: 55, reason: "Wants to pause the subscription", tags: ["support"] }, { usage });
      default:
        return replyJson({ reply: "Hi [NAME_1], yes: you can pause it for a month in Settings.", usedArticleIds: [], confident: true }, { usage });
    }
  });
  Object.assign(process.env, {
    OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.baseURL, LLM_TIMEOUT_MS: "2000",
    INTENT_MODELS: "openai:gpt-4o-mini,local", REPLY_MODELS: "openai:gpt-4o-mini,local", SCORER_MODELS: "openai:gpt-4o-mini,local",
  });
  owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
  await owner.connect();
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });

  const message = await send(TEXT, { id: "ana-1", name: "Ana Lopez", handle: "ana_l" });
  const other = await send("Do you ship to Canada?", { id: "bo-1", name: "Bo Berg", handle: "bo_b" });
  bo = { contactId: other.conversation.contactId, messageId: other.id };
  ana = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    const contactId = message.conversation.contactId;
    await tx.contact.update({ where: { id: contactId }, data: { emailEnc: encrypt("ana@example.test"), emailHash: blindIndex("ana@example.test"), phoneEnc: encrypt("+1 415 555 0199") } });
    await tx.reply.create({ data: { workspaceId: ws.workspaceId, conversationId: message.conversationId, source: "HUMAN", status: "SENT", textEnc: encrypt("Sure Ana, done."), sentAt: new Date() } });
    await tx.conversationNote.create({ data: { workspaceId: ws.workspaceId, conversationId: message.conversationId, authorId: ws.members.AGENT.userId, textEnc: encrypt("Ana asked twice; VIP.") } });
    const lead = await tx.lead.findFirstOrThrow({ where: { contactId } });
    const connection = await tx.crmConnection.create({ data: { workspaceId: ws.workspaceId, provider: "HUBSPOT", label: "portal 77" } });
    await tx.crmLeadLink.create({ data: { workspaceId: ws.workspaceId, leadId: lead.id, connectionId: connection.id, externalId: "hs-9001", state: "SYNCED" } });
    return { contactId, conversationId: message.conversationId, messageId: message.id, leadId: lead.id, connectionId: connection.id, cacheKeys: message.agentRuns.flatMap((r) => (r.cacheKey ? [r.cacheKey] : [])) };
  });
});

afterAll(async () => {
  await stopQueue();
  await fake.close();
  await owner.end();
});

const admin = () => callerFor(ws.members.ADMIN.userId, ws.workspaceId);

describe("export", () => {
  it("holds everything about the contact, decrypted, and audits ids and counts only", async () => {
    const doc = await admin().privacy.exportContact({ contactId: ana.contactId });
    expect(doc.contact).toMatchObject({ id: ana.contactId, displayName: "Ana Lopez", handle: "ana_l", email: "ana@example.test", phone: "+1 415 555 0199", platformUserId: "ana-1" });
    expect(doc.conversations.map((c) => c.id)).toEqual([ana.conversationId]);
    expect(doc.messages).toHaveLength(1);
    expect(doc.messages[0]).toMatchObject({ id: ana.messageId, text: TEXT, intent: "SUPPORT" });
    // Both replies in clear: the AI's suggestion for the message and the person's answer.
    expect(doc.replies).toHaveLength(2);
    expect(doc.replies.map((r) => r.text)).toContain("Sure Ana, done.");
    const aiReply = doc.replies.find((r) => r.source === "AI");
    expect(aiReply?.inReplyToId).toBe(ana.messageId);
    expect(aiReply?.text).toMatch(/^[A-Z][^]*\S$/);
    expect(aiReply?.text?.startsWith("v1.")).toBe(false);
    expect(doc.agentRuns.map((r) => r.agent).sort()).toEqual(["intent", "reply", "scorer"]);
    expect(doc.agentRuns.every((r) => r.messageId === ana.messageId)).toBe(true);
    expect(doc.lead).toMatchObject({ id: ana.leadId, tier: "WARM", score: 55, reason: "Wants to pause the subscription" });
    expect(doc.lead?.scoreHistory).toEqual([expect.objectContaining({ messageId: ana.messageId, tier: "warm", score: 55 })]);
    expect(doc.lead?.scores).toEqual([expect.objectContaining({ messageId: ana.messageId, tier: "WARM", score: 55, reason: "Wants to pause the subscription" })]);
    expect(doc.notes).toEqual([expect.objectContaining({ conversationId: ana.conversationId, text: "Ana asked twice; VIP." })]);
    expect(doc.crmLinks).toEqual([expect.objectContaining({ provider: "HUBSPOT", externalId: "hs-9001", state: "SYNCED" })]);
    // Nothing of the other contact.
    expect(JSON.stringify(doc)).not.toContain("Bo Berg");
    expect(JSON.stringify(doc)).not.toContain(bo.messageId);

    const entry = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "privacy.contact.export", targetId: ana.contactId } }));
    expect(entry.metadata).toEqual({ conversations: 1, messages: 1, replies: 2, agentRuns: 3, crmLinks: 1, notes: 1, lead: true });
  });

  it("refuses agents and viewers, answers another workspace's contact as not found, and rejects a bad id", async () => {
    await expect(callerFor(ws.members.AGENT.userId, ws.workspaceId).privacy.exportContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(ws.members.VIEWER.userId, ws.workspaceId).privacy.exportContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const elsewhere = await createWorkspaceWithTeam("Elsewhere");
    const otherAdmin = callerFor(elsewhere.members.ADMIN.userId, elsewhere.workspaceId);
    await expect(otherAdmin.privacy.exportContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(otherAdmin.privacy.eraseContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin().privacy.exportContact({ contactId: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("erase", () => {
  it("refuses agents and viewers and changes nothing", async () => {
    for (const role of ["AGENT", "VIEWER"] as const) {
      await expect(callerFor(ws.members[role].userId, ws.workspaceId).privacy.eraseContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.contact.count({ where: { id: ana.contactId } }))).toBe(1);
  });

  it("keeps everything when the database fails mid-way", async () => {
    await owner.query(`CREATE FUNCTION erase_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await owner.query(`CREATE TRIGGER erase_test_fail BEFORE DELETE ON conversations FOR EACH ROW EXECUTE FUNCTION erase_test_fail()`);
    try {
      await expect(admin().privacy.eraseContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    } finally {
      await owner.query(`DROP TRIGGER erase_test_fail ON conversations`);
      await owner.query(`DROP FUNCTION erase_test_fail()`);
    }
    const { rows } = await owner.query(
      `SELECT (SELECT count(*) FROM messages WHERE id = $1)::int AS messages, (SELECT count(*) FROM agent_runs WHERE "messageId" = $1)::int AS runs,
              (SELECT count(*) FROM crm_erasure_requests WHERE "leadId" = $2)::int AS requests, (SELECT count(*) FROM leads WHERE id = $2)::int AS leads`,
      [ana.messageId, ana.leadId],
    );
    expect(rows[0]).toEqual({ messages: 1, runs: 3, requests: 0, leads: 1 });
  });

  it("removes every row and text about the contact, deletes their cached LLM answers, queues the CRM erasure and audits without PII", async () => {
    expect(ana.cacheKeys.length).toBeGreaterThan(0);
    // The LLM answers derived from Ana's message are cached (written by the pipeline run above).
    expect(await cache().get(ana.cacheKeys[0]!)).not.toBeNull();

    const result = await admin().privacy.eraseContact({ contactId: ana.contactId });
    expect(result).toMatchObject({ alreadyErased: false, counts: { conversations: 1, messages: 1, replies: 2, agentRuns: 3, leads: 1, crmErasureRequests: 1 } });
    for (const key of ana.cacheKeys) expect(await cache().get(key)).toBeNull();

    // As the owner (no row-level security): nothing left anywhere.
    const { rows } = await owner.query(
      `SELECT (SELECT count(*) FROM contacts WHERE id = $1)::int AS contacts, (SELECT count(*) FROM conversations WHERE "contactId" = $1)::int AS conversations,
              (SELECT count(*) FROM messages WHERE id = $2 OR "conversationId" = $3)::int AS messages, (SELECT count(*) FROM replies WHERE "conversationId" = $3)::int AS replies,
              (SELECT count(*) FROM agent_runs WHERE "messageId" = $2 OR "cacheKey" = ANY($5))::int AS runs, (SELECT count(*) FROM leads WHERE id = $4 OR "contactId" = $1)::int AS leads,
              (SELECT count(*) FROM crm_lead_links WHERE "leadId" = $4)::int AS links`,
      [ana.contactId, ana.messageId, ana.conversationId, ana.leadId, ana.cacheKeys],
    );
    expect(rows[0]).toEqual({ contacts: 0, conversations: 0, messages: 0, replies: 0, runs: 0, leads: 0, links: 0 });

    // The other contact is untouched.
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { id: bo.messageId, textEnc: { not: null } } }))).toBe(1);

    // HubSpot cannot delete through Leadline: the record waits for an admin.
    const pending = await admin().privacy.crmErasures();
    expect(pending).toEqual([expect.objectContaining({ provider: "HUBSPOT", externalId: "hs-9001", leadId: ana.leadId, account: "portal 77" })]);

    const entry = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "privacy.contact.erase" } }));
    expect(entry).toMatchObject({ actorType: "USER", actorId: ws.members.ADMIN.userId, targetType: "contact", targetId: ana.contactId });
    const serialized = JSON.stringify(entry);
    for (const pii of ["Ana", "ana_l", "ana@example.test", "555", "pause", "hs-9001"]) expect({ pii, found: serialized.includes(pii) }).toEqual({ pii, found: false });
  });

  it("is idempotent, and the export of an erased contact is not found", async () => {
    const again = await admin().privacy.eraseContact({ contactId: ana.contactId });
    expect(again).toMatchObject({ alreadyErased: true, counts: { messages: 0, crmErasureRequests: 0 } });
    await expect(admin().privacy.exportContact({ contactId: ana.contactId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.count({ where: { action: "privacy.contact.erase", targetId: ana.contactId } }))).toBe(1);
  });

  it("lets an admin close the CRM erasure once done in the CRM", async () => {
    const [request] = await admin().privacy.crmErasures();
    await expect(callerFor(ws.members.AGENT.userId, ws.workspaceId).privacy.resolveCrmErasure({ requestId: request!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await admin().privacy.resolveCrmErasure({ requestId: request!.id });
    await admin().privacy.resolveCrmErasure({ requestId: request!.id });
    expect(await admin().privacy.crmErasures()).toEqual([]);
    await expect(admin().privacy.resolveCrmErasure({ requestId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
