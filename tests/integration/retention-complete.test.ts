import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalCache } from "@/server/infra/cache/local-cache";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { applyRetention, RetentionIncompleteError, runRetentionJob } from "@/server/privacy/apply-retention";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * Retention removes every customer text past the workspace's window (issue 11, finding 6):
 * each table and column with an old row (redacted) and a recent one (kept), batches, a
 * workspace whose transactions fail while the others go on, and re-runs that change nothing.
 */
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;

/** An old (40 days) and a recent (5 days) copy of every kind of row, in a workspace keeping 30 days. */
async function seed(ws: Ws) {
  const { workspaceId } = ws;
  const ids = await withTenant({ workspaceId }, async (tx) => {
    await tx.workspace.update({ where: { id: workspaceId }, data: { retentionDays: 30 } });
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    const person = async (key: string, lastMessageDaysAgo: number) => {
      const contact = await tx.contact.create({
        data: {
          workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key), displayNameEnc: encrypt(`Name ${key}`),
          handleEnc: encrypt(`handle_${key}`), handleHash: `hh-${key}`, emailEnc: encrypt(`${key}@example.test`), emailHash: `eh-${key}`,
          phoneEnc: encrypt("+1 415 555 0100"), profileEnc: encrypt(JSON.stringify({ bio: `bio ${key}` })), followers: 42, verified: true,
        },
      });
      const lead = await tx.lead.create({ data: { workspaceId, contactId: contact.id, tier: "HOT", score: 81, reason: `${key} wants the red bike by Friday`, tags: ["pricing", "red-bike-friday"], lastIntent: "SALES" } });
      const conversation = await tx.conversation.create({
        data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: key, lastMessageAt: ago(lastMessageDaysAgo) },
      });
      return { contact: contact.id, lead: lead.id, conversation: conversation.id };
    };
    const oldPerson = await person(`old-${workspaceId}`, 40);
    const activePerson = await person(`active-${workspaceId}`, 5);
    const message = (key: string, daysAgo: number) =>
      tx.message.create({
        data: {
          workspaceId, channelId: channel.id, conversationId: activePerson.conversation, direction: "INBOUND", platformMessageId: `${key}-${workspaceId}`,
          textEnc: encrypt(`customer words ${key}`), error: `platform said: customer words ${key}`, sentAt: ago(daysAgo), receivedAt: ago(daysAgo), intent: "SALES", intentConfidence: 0.9, status: "PROCESSED",
        },
      });
    const oldMessage = await message("old", 40);
    const newMessage = await message("new", 5);
    const reply = (status: "SENT" | "DRAFT" | "QUEUED" | "FAILED", daysAgo: number) =>
      tx.reply.create({ data: { workspaceId, conversationId: activePerson.conversation, source: "AI", status, textEnc: encrypt(`reply ${status} ${daysAgo}`), error: status === "FAILED" ? "rejected: reply quoted customer words" : null, createdAt: ago(daysAgo) } });
    const replies = { oldSent: await reply("SENT", 40), oldDraft: await reply("DRAFT", 40), oldQueued: await reply("QUEUED", 40), oldFailed: await reply("FAILED", 40), newSent: await reply("SENT", 5) };
    const run = (messageId: string, daysAgo: number, key: string) =>
      tx.agentRun.create({ data: { workspaceId, messageId, agent: "intent", provider: "openai", model: "gpt-4o-mini", latencyMs: 5, costUsd: 0.001, outcome: "ok", error: "http 400: prompt contained customer words", cacheKey: key, createdAt: ago(daysAgo) } });
    const runs = { old: await run(oldMessage.id, 40, `llm:intent:old-${workspaceId}`), fresh: await run(newMessage.id, 5, `llm:intent:new-${workspaceId}`) };
    const connection = await tx.crmConnection.create({ data: { workspaceId, provider: "WEBHOOK", label: "hooks.example.test", lastError: "rejected record for Jamie" } });
    const link = (leadId: string) => tx.crmLeadLink.create({ data: { workspaceId, leadId, connectionId: connection.id, state: "FAILED", lastError: "email jamie@example.test is invalid" } });
    const links = { old: await link(oldPerson.lead), fresh: await link(activePerson.lead) };
    const syncRun = (daysAgo: number) => tx.crmSyncRun.create({ data: { workspaceId, connectionId: connection.id, status: "FAILED", error: "CRM answered: duplicate Jamie", startedAt: ago(daysAgo) } });
    const syncRuns = { old: await syncRun(40), fresh: await syncRun(5) };
    const note = (daysAgo: number) => tx.conversationNote.create({ data: { workspaceId, conversationId: activePerson.conversation, textEnc: encrypt(`customer said ${daysAgo} days ago`), createdAt: ago(daysAgo) } });
    const notes = { old: (await note(40)).id, fresh: (await note(5)).id };
    const history = (daysAgo: number) => tx.leadScoreHistory.create({ data: { workspaceId, leadId: activePerson.lead, tier: "HOT", score: 81, reason: `wants the red bike (${daysAgo})`, createdAt: ago(daysAgo) } });
    const scores = { old: (await history(40)).id, fresh: (await history(5)).id };
    return { notes, scores, oldPerson, activePerson, oldMessage: oldMessage.id, newMessage: newMessage.id, replies: Object.fromEntries(Object.entries(replies).map(([k, v]) => [k, v.id])), runs: { old: runs.old.id, fresh: runs.fresh.id }, connection: connection.id, links: { old: links.old.id, fresh: links.fresh.id }, syncRuns: { old: syncRuns.old.id, fresh: syncRuns.fresh.id } };
  });
  // Timestamps Prisma sets itself, aged as the owner.
  await owner.query(`UPDATE contacts SET "createdAt" = now() - interval '60 days' WHERE "workspaceId" = $1`, [workspaceId]);
  await owner.query(`UPDATE crm_lead_links SET "updatedAt" = now() - interval '40 days' WHERE id = $1`, [ids.links.old]);
  await owner.query(`UPDATE crm_connections SET "updatedAt" = now() - interval '40 days' WHERE id = $1`, [ids.connection]);
  return ids;
}

async function snapshot(ws: Ws, ids: Awaited<ReturnType<typeof seed>>) {
  return withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({
    oldMessage: await tx.message.findUniqueOrThrow({ where: { id: ids.oldMessage } }),
    newMessage: await tx.message.findUniqueOrThrow({ where: { id: ids.newMessage } }),
    replies: Object.fromEntries(await Promise.all(Object.entries(ids.replies).map(async ([k, id]) => [k, await tx.reply.findUniqueOrThrow({ where: { id } })] as const))),
    oldRun: await tx.agentRun.findUniqueOrThrow({ where: { id: ids.runs.old } }),
    freshRun: await tx.agentRun.findUniqueOrThrow({ where: { id: ids.runs.fresh } }),
    oldContact: await tx.contact.findUniqueOrThrow({ where: { id: ids.oldPerson.contact } }),
    activeContact: await tx.contact.findUniqueOrThrow({ where: { id: ids.activePerson.contact } }),
    oldLead: await tx.lead.findUniqueOrThrow({ where: { id: ids.oldPerson.lead } }),
    activeLead: await tx.lead.findUniqueOrThrow({ where: { id: ids.activePerson.lead } }),
    oldLink: await tx.crmLeadLink.findUniqueOrThrow({ where: { id: ids.links.old } }),
    freshLink: await tx.crmLeadLink.findUniqueOrThrow({ where: { id: ids.links.fresh } }),
    oldSyncRun: await tx.crmSyncRun.findUniqueOrThrow({ where: { id: ids.syncRuns.old } }),
    freshSyncRun: await tx.crmSyncRun.findUniqueOrThrow({ where: { id: ids.syncRuns.fresh } }),
    connection: await tx.crmConnection.findUniqueOrThrow({ where: { id: ids.connection } }),
    notes: (await tx.conversationNote.findMany({ where: { id: { in: [ids.notes.old, ids.notes.fresh] } } })).map((n) => n.id),
    scores: (await tx.leadScoreHistory.findMany({ where: { id: { in: [ids.scores.old, ids.scores.fresh] } } })).map((h) => h.id),
  }));
}

describe("retention removes every customer text past the window", () => {
  let ws: Ws;
  let ids: Awaited<ReturnType<typeof seed>>;
  let state: Awaited<ReturnType<typeof snapshot>>;
  const cache = createLocalCache({ maxEntries: 100 });

  beforeAll(async () => {
    ws = await createPipelineWorkspace();
    ids = await seed(ws);
    // The cache outlives the window here (60 days), so the old run's answer is still cached.
    await cache.set(`llm:intent:old-${ws.workspaceId}`, '{"value":1}', 60 * 86_400);
    await cache.set(`llm:intent:new-${ws.workspaceId}`, '{"value":2}', 60 * 86_400);
    const report = await applyRetention({ cache, cacheTtlSeconds: 60 * 86_400 });
    expect(report.failed).toEqual([]);
    state = await snapshot(ws, ids);
  });

  it("messages: text and stored error go, intent stays; a recent message keeps both", () => {
    expect(state.oldMessage).toMatchObject({ textEnc: null, error: null, intent: "SALES", intentConfidence: 0.9 });
    expect(state.oldMessage.redactedAt).not.toBeNull();
    expect(decrypt(state.newMessage.textEnc!)).toBe("customer words new");
    expect(state.newMessage.error).toContain("customer words");
  });

  it("replies: sent, failed and draft texts and errors go (the draft is discarded); queued and recent ones stay", () => {
    const { oldSent, oldDraft, oldQueued, oldFailed, newSent } = state.replies;
    for (const r of [oldSent!, oldDraft!, oldFailed!]) {
      expect(decrypt(r.textEnc)).toBe("");
      expect(r.error).toBeNull();
      expect(r.redactedAt).not.toBeNull();
    }
    expect(oldSent!.status).toBe("SENT");
    expect(oldDraft!.status).toBe("DISCARDED");
    expect(decrypt(oldQueued!.textEnc)).toBe("reply QUEUED 40");
    expect(decrypt(newSent!.textEnc)).toBe("reply SENT 5");
    expect(newSent!.redactedAt).toBeNull();
  });

  it("agent runs: error and cache key go (the cached answer too), cost stays; a recent run keeps both", async () => {
    expect(state.oldRun).toMatchObject({ error: null, cacheKey: null, provider: "openai", outcome: "ok" });
    expect(Number(state.oldRun.costUsd)).toBeCloseTo(0.001);
    expect(await cache.get(`llm:intent:old-${ws.workspaceId}`)).toBeNull();
    expect(state.freshRun.error).not.toBeNull();
    expect(state.freshRun.cacheKey).toBe(`llm:intent:new-${ws.workspaceId}`);
    expect(await cache.get(`llm:intent:new-${ws.workspaceId}`)).not.toBeNull();
  });

  it("contacts: a contact whose last message is past the window loses name, handle, email, phone and profile; an active one keeps them", () => {
    expect(state.oldContact).toMatchObject({ displayNameEnc: null, handleEnc: null, handleHash: null, emailEnc: null, emailHash: null, phoneEnc: null, profileEnc: null, followers: 42, verified: true });
    expect(state.oldContact.redactedAt).not.toBeNull();
    expect(state.oldContact.platformUserIdEnc).not.toBeNull();
    expect(decrypt(state.activeContact.displayNameEnc!)).toBe(`Name active-${ws.workspaceId}`);
    expect(state.activeContact.redactedAt).toBeNull();
  });

  it("leads: such a contact's lead loses the reason and free-text tags, keeps tier, score, intent and the scorer's labels", () => {
    expect(state.oldLead).toMatchObject({ reason: "", tags: ["pricing"], tier: "HOT", score: 81, lastIntent: "SALES" });
    expect(state.activeLead.reason).toContain("red bike");
    expect(state.activeLead.tags).toEqual(["pricing", "red-bike-friday"]);
  });

  it("CRM: old link, run and connection errors go; recent ones stay", () => {
    expect(state.oldLink.lastError).toBeNull();
    expect(state.oldLink.state).toBe("FAILED");
    expect(state.freshLink.lastError).not.toBeNull();
    expect(state.oldSyncRun.error).toBeNull();
    expect(state.freshSyncRun.error).not.toBeNull();
    expect(state.connection.lastError).toBeNull();
  });

  it("notes and lead score history: old rows are deleted, recent ones stay", () => {
    expect(state.notes).toEqual([ids.notes.fresh]);
    expect(state.scores).toEqual([ids.scores.fresh]);
  });

  it("no customer word is left in the old rows, read as the owner", async () => {
    const { rows } = await owner.query<{ row: string }>(
      `SELECT row_to_json(x)::text AS row FROM (
         SELECT error FROM messages WHERE id = $1 UNION ALL SELECT error FROM replies WHERE id = ANY($2)
         UNION ALL SELECT error FROM agent_runs WHERE id = $3 UNION ALL SELECT reason FROM leads WHERE id = $4
         UNION ALL SELECT "lastError" FROM crm_lead_links WHERE id = $5 UNION ALL SELECT error FROM crm_sync_runs WHERE id = $6) x`,
      [ids.oldMessage, [ids.replies.oldSent, ids.replies.oldFailed], ids.runs.old, ids.oldPerson.lead, ids.links.old, ids.syncRuns.old],
    );
    expect(rows.map((r) => r.row).join(" ")).not.toMatch(/customer|Jamie|jamie|red bike/);
  });

  it("a re-run changes nothing", async () => {
    const again = await applyRetention({ cache, cacheTtlSeconds: 60 * 86_400 });
    expect(again.failed).toEqual([]);
    const after = await snapshot(ws, ids);
    expect(after).toEqual(state);
  });
});

describe("retention in batches", () => {
  it("works through more rows than one batch, each batch its own transaction", async () => {
    const ws = await createPipelineWorkspace();
    await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      await tx.workspace.update({ where: { id: ws.workspaceId }, data: { retentionDays: 30 } });
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: "batch", platformUserIdEnc: encrypt("batch") } });
      const conversation = await tx.conversation.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: "batch" } });
      await tx.message.createMany({
        data: Array.from({ length: 11 }, (_, i) => ({
          workspaceId: ws.workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND" as const, platformMessageId: `batch-${i}-${ws.workspaceId}`,
          textEnc: encrypt(`text ${i}`), sentAt: ago(40), receivedAt: ago(40 + i / 24),
        })),
      });
      await tx.reply.createMany({ data: Array.from({ length: 7 }, () => ({ workspaceId: ws.workspaceId, conversationId: conversation.id, source: "HUMAN" as const, status: "SENT" as const, textEnc: encrypt("sent"), createdAt: ago(40) })) });
    });
    const report = await applyRetention({ batchSize: 3 });
    expect(report.failed).toEqual([]);
    const left = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({
      messages: await tx.message.count({ where: { textEnc: { not: null } } }),
      replies: await tx.reply.count({ where: { redactedAt: null } }),
    }));
    expect(left).toEqual({ messages: 0, replies: 0 });
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "retention.redact" } }));
    expect(audit.metadata).toMatchObject({ messages: 11, replies: 7, retentionDays: 30 });
  });
});

describe("a failing workspace", () => {
  it("is logged and reported while the others are redacted; the job fails at the end and a retry finishes it", async () => {
    const broken = await createPipelineWorkspace();
    const healthy = await createPipelineWorkspace();
    const seedOld = (ws: Ws) =>
      withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
        await tx.workspace.update({ where: { id: ws.workspaceId }, data: { retentionDays: 30 } });
        const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
        const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: "f", platformUserIdEnc: encrypt("f") } });
        const conversation = await tx.conversation.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: "f" } });
        return tx.message.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `f-${ws.workspaceId}`, textEnc: encrypt("old words"), sentAt: ago(40), receivedAt: ago(40) } });
      });
    const brokenMessage = await seedOld(broken);
    const healthyMessage = await seedOld(healthy);
    // The broken workspace's statements fail in the database (as a corrupt row or a bad
    // constraint would); every other workspace is untouched by the trigger.
    await owner.query(`CREATE FUNCTION retention_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."workspaceId" = '${broken.workspaceId}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER retention_test_fail BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION retention_test_fail()`);
    try {
      const failure = await runRetentionJob().then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(RetentionIncompleteError);
      expect(String((failure as Error).message)).toContain(broken.workspaceId);
      expect(String((failure as Error).message)).not.toContain("old words");
      const report = await applyRetention();
      expect(report.failed.map((f) => f.workspaceId)).toEqual([broken.workspaceId]);
    } finally {
      await owner.query(`DROP TRIGGER retention_test_fail ON messages`);
      await owner.query(`DROP FUNCTION retention_test_fail()`);
    }
    const text = (ws: Ws, id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findUniqueOrThrow({ where: { id } }).then((m) => m.textEnc));
    expect(await text(healthy, healthyMessage.id)).toBeNull();
    // Nothing of the broken workspace was lost or half-done, and the retry finishes it.
    expect(decrypt((await text(broken, brokenMessage.id))!)).toBe("old words");
    const retry = await runRetentionJob();
    expect(retry.failed).toEqual([]);
    expect(await text(broken, brokenMessage.id)).toBeNull();
  });
});
