import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_ARTICLES } from "@/server/demo/demo-content";
import { db, disconnectDb } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { streamInboxDraft } from "@/server/inbox/stream-inbox-draft";
import { recordJobFailure } from "@/server/infra/jobs/record-job-failure";
import { searchArticles } from "@/server/knowledge/knowledge";
import { handleWebhook } from "@/server/pipeline/handle-webhook";
import { processMessages } from "@/server/pipeline/process-message";
import { sendReplies } from "@/server/pipeline/send-reply";
import { retrainScorer } from "@/server/leads/retrain-scorer";
import type { BatchItemResult } from "@/server/infra/queue/define-job";
import { publishJobs } from "@/server/infra/runtime/queue";
import { signUpAndConfirm } from "../helpers/accounts";
import { callerFor, uniqueEmail } from "../helpers/factories";

/**
 * Defence in depth: the application's own filters isolate tenants, with row-level security
 * out of the picture. The whole app runs here as the database owner (a superuser, which RLS
 * never applies to), two workspaces go through the main flows, and each must still see only
 * its own rows, get NOT_FOUND for the other's ids, and write only under its own workspace id.
 */

// Before any import builds the db client: the app connects as the owner, so RLS is off.
vi.hoisted(() => {
  process.env.DATABASE_URL = process.env.MIGRATE_DATABASE_URL;
});

// Sibling test files share the embedded queue's tables and would run these jobs as the app
// role (RLS on). Jobs are captured instead and run below, in this process, on this connection.
const queued = vi.hoisted(() => [] as Array<{ name: string; payload: { workspaceId: string } & Record<string, string> }>);
vi.mock("@/server/infra/runtime/queue", () => {
  const take = (name: string, payload: unknown) => {
    queued.push({ name, payload: payload as (typeof queued)[number]["payload"] });
    return { id: `captured-${queued.length}`, deduplicated: false };
  };
  return {
    publishJob: async (name: string, payload: unknown) => take(name, payload),
    publishJobs: async (name: string, items: ReadonlyArray<{ payload: unknown }>) => items.map((i) => take(name, i.payload)),
    startQueue: async () => undefined,
    stopQueue: async () => undefined,
  };
});

const log = pino({ level: "silent" });
/** Follow-up jobs go to the capture above, as the binding would hand them over. */
const handlerContext = { publish: publishJobs };
const jobItem = <P>(payload: P) => ({ payload, ctx: { jobId: "isolation", attempt: 1, log, signal: new AbortController().signal } });

/** Runs every captured job (and the jobs those publish) the way the queue would. */
async function drainJobs(): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  while (queued.length > 0) {
    const jobs = queued.splice(0);
    const toProcess = jobs.filter((j) => j.name === "process-message").map((j) => jobItem(j.payload as { workspaceId: string; messageId: string }));
    const send = jobs.filter((j) => j.name === "send-reply").map((j) => jobItem(j.payload as { workspaceId: string; replyId: string }));
    if (toProcess.length > 0) results.push(...(await processMessages(toProcess, { log }, handlerContext)));
    if (send.length > 0) results.push(...(await sendReplies(send, { log }, handlerContext)));
  }
  return results;
}

const TENANT_TABLES = [
  "memberships", "invitations", "channels", "contacts", "conversations", "messages", "replies", "leads",
  "agent_runs", "knowledge_articles", "crm_connections", "crm_sync_runs", "audit_logs", "usage_records", "scorer_models",
] as const;

let owner: pg.Client;
let sink: Server;

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await owner.query<T>(text, values)).rows;
}

/** The workspace each id is stored under (ids not found are missing from the map). */
async function workspaceOf(table: (typeof TENANT_TABLES)[number], ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; workspaceId: string }>(`SELECT id, "workspaceId" FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.workspaceId]));
}

async function expectAllIn(workspaceId: string, table: (typeof TENANT_TABLES)[number], ids: readonly string[]): Promise<void> {
  const found = await workspaceOf(table, ids);
  expect(found.size, `${table}: every id exists`).toBe(new Set(ids).size);
  for (const [id, ws] of found) expect(ws, `${table} ${id}`).toBe(workspaceId);
}

/** A digest of every row a workspace owns: equal before and after means nothing changed. */
async function fingerprint(workspaceId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const [w] = await sql<{ d: string }>(`SELECT md5(t::text) AS d FROM workspaces t WHERE id = $1`, [workspaceId]);
  out.workspaces = w?.d ?? "";
  for (const table of TENANT_TABLES) {
    const [r] = await sql<{ d: string | null }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS d FROM ${table} t WHERE "workspaceId" = $1`, [workspaceId]);
    out[table] = r?.d ?? "";
  }
  return out;
}

type Caller = ReturnType<typeof callerFor>;
type Tenant = {
  name: string;
  workspaceId: string;
  adminId: string;
  agentId: string;
  admin: Caller;
  agent: Caller;
  userIds: string[];
  articleIds: string[];
  pendingInvitation: { id: string; secret: string };
  memberIds: { agent: string };
  messageIds: string[];
  conversationIds: string[];
  replyIds: string[];
  leadIds: string[];
  uniqueWord: string;
};

const tenants: Record<"A" | "B", Tenant> = {} as Record<"A" | "B", Tenant>;
let consultantId: string;
let consultantEmail: string;

async function signUpUser(label: string): Promise<{ userId: string; email: string }> {
  const email = uniqueEmail(label);
  return signUpAndConfirm({ name: `Isolation ${label}`, email, password: "correct-horse-9" });
}

/** Invites `email` with `role` and has `userId` accept through the router; returns the link's secret. */
async function inviteAndAccept(t: Pick<Tenant, "admin">, user: { userId: string; email: string }, role: "ADMIN" | "AGENT" | "VIEWER"): Promise<void> {
  const { link } = await t.admin.invitations.create({ email: user.email, role });
  await callerFor(user.userId, null).invitations.accept({ token: link.split("/invite/")[1]! });
}

/** Sign-up, onboarding, team, knowledge and settings for one workspace, all through the routers. */
async function onboard(name: string, uniqueWord: string, settings: { autoReplyEnabled: boolean }): Promise<Tenant> {
  const admin = await signUpUser(`${name}-admin`);
  const { workspaceId } = await callerFor(admin.userId, null).workspace.create({ name: `Isolation ${name}` });
  const adminCaller = callerFor(admin.userId, workspaceId);
  const agent = await signUpUser(`${name}-agent`);
  const viewer = await signUpUser(`${name}-viewer`);
  await inviteAndAccept({ admin: adminCaller }, agent, "AGENT");
  await inviteAndAccept({ admin: adminCaller }, viewer, "VIEWER");
  await inviteAndAccept({ admin: adminCaller }, { userId: consultantId, email: consultantEmail }, "VIEWER");
  const pending = await adminCaller.invitations.create({ email: uniqueEmail(`${name}-pending`), role: "VIEWER" });
  const members = await adminCaller.members.list();

  const articleIds: string[] = [];
  for (const a of DEMO_ARTICLES) articleIds.push((await adminCaller.knowledge.create({ ...a, tags: [...a.tags] })).id);
  const own = await adminCaller.knowledge.create({ title: `${uniqueWord} warranty`, body: `Every ${uniqueWord} grinder has a two-year warranty.`, tags: [] });
  await adminCaller.knowledge.update({ id: own.id, article: { title: `${uniqueWord} grinder warranty`, body: `Every ${uniqueWord} grinder has a two-year warranty.`, tags: ["warranty"] } });
  articleIds.push(own.id);
  await adminCaller.workspace.updateSettings({ autoReplyEnabled: settings.autoReplyEnabled, autoReplyThreshold: 0.5, toneGuidelines: `${name} tone.` });

  return {
    name, workspaceId, adminId: admin.userId, agentId: agent.userId, admin: adminCaller, agent: callerFor(agent.userId, workspaceId),
    userIds: [admin.userId, agent.userId, viewer.userId, consultantId], articleIds,
    pendingInvitation: { id: pending.id, secret: pending.link.split(".").at(-1)! },
    memberIds: { agent: members.find((m) => m.userId === agent.userId)!.id },
    messageIds: [], conversationIds: [], replyIds: [], leadIds: [], uniqueWord,
  };
}

/** Plays two customers through the Demo page (demo.send -> signed webhook -> store -> jobs). */
async function sendDemoMessages(t: Tenant): Promise<void> {
  const customers = [
    ["Jamie Rivera", "Hi! How much is the Pro plan per month? I'd like to order today."],
    ["Robin Lee", "Do you ship to Canada? How much is shipping for the Starter plan?"],
  ] as const;
  for (const [name, text] of customers) {
    const handle = `${name.split(" ")[0]!.toLowerCase()}_${t.name.toLowerCase()}`;
    const sent = await t.agent.demo.send({ name, handle, followers: 50, verified: false, text });
    expect(sent.messageId).toBeTruthy();
    t.messageIds.push(sent.messageId!);
    t.conversationIds.push(sent.conversationId!);
  }
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
  await owner.connect();
  // demo.send posts its signed webhook to APP_URL: this server is the app's webhook route.
  sink = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      handleWebhook(req.url?.split("/").at(-1) ?? "", body, headers).then(
        (out) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  process.env.APP_URL = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  resetEnvCache();
});

afterAll(async () => {
  await owner.end();
  sink.close();
  await disconnectDb();
});

describe("tenant isolation with row-level security off", () => {
  it("runs the app on a connection that bypasses RLS (so nothing below passes because of it)", async () => {
    const [role] = await db().$queryRaw<Array<{ rolsuper: boolean; rolbypassrls: boolean }>>`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`;
    expect(role!.rolsuper || role!.rolbypassrls).toBe(true);
  });

  it("onboards two workspaces, each with its team, knowledge and settings", async () => {
    const consultant = await signUpUser("consultant");
    consultantId = consultant.userId;
    consultantEmail = consultant.email;
    tenants.A = await onboard("Alpha", "quokka", { autoReplyEnabled: true });
    tenants.B = await onboard("Beta", "zebra", { autoReplyEnabled: false });
    // A tenant transaction for A sees B's rows on this connection: RLS really is not filtering.
    const seen = await withTenant({ workspaceId: tenants.A.workspaceId }, (tx) => tx.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM knowledge_articles WHERE "workspaceId" = ${tenants.B.workspaceId}`);
    expect(seen[0]!.n).toBeGreaterThan(0);
  });

  it("sends demo messages in both and runs the pipeline, each in its own workspace", async () => {
    const { A, B } = tenants;
    await sendDemoMessages(A);
    await sendDemoMessages(B);
    expect((await drainJobs()).every((r) => r.ok)).toBe(true);
    // The Demo channel lookup named the workspace: each message landed where it was sent from.
    await expectAllIn(A.workspaceId, "messages", A.messageIds);
    await expectAllIn(B.workspaceId, "messages", B.messageIds);
    for (const t of [A, B]) {
      const processed = await sql<{ status: string }>(`SELECT status::text FROM messages WHERE id = ANY($1::text[])`, [t.messageIds]);
      expect(processed.map((m) => m.status)).toEqual(["PROCESSED", "PROCESSED"]);
      const replies = await sql<{ id: string; status: string }>(`SELECT id, status::text FROM replies WHERE "aiForMessageId" = ANY($1::text[]) ORDER BY "createdAt"`, [t.messageIds]);
      expect(replies).toHaveLength(2);
      t.replyIds.push(...replies.map((r) => r.id));
      // A auto-replies where policy allows (sent by the send-reply job); B keeps drafts for a person.
      if (t === A) expect(replies.map((r) => r.status)).toContain("SENT");
      for (const r of replies) expect(r.status).toMatch(t === A ? /^(SENT|DRAFT)$/ : /^DRAFT$/);
      const leads = await t.agent.leads.list();
      t.leadIds.push(...leads.map((l) => l.id));
      expect(leads).toHaveLength(2);
    }
  });

  it("approves, edits, discards and overrides replies, pauses, marks leads and retrains, per workspace", async () => {
    const { A, B } = tenants;
    await B.agent.inbox.approve({ replyId: B.replyIds[0]!, text: "Thanks! The Pro plan is $29 a month. - Beta" });
    await B.agent.inbox.discard({ replyId: B.replyIds[1]! });
    const human = await B.agent.inbox.reply({ conversationId: B.conversationIds[1]!, text: "A person from Beta here: yes, we ship to Canada." });
    B.replyIds.push(human.replyId);
    await B.agent.inbox.setPaused({ conversationId: B.conversationIds[0]!, paused: true });
    const humanA = await A.agent.inbox.reply({ conversationId: A.conversationIds[0]!, text: "Alpha here, happy to help." });
    A.replyIds.push(humanA.replyId);
    expect((await drainJobs()).every((r) => r.ok)).toBe(true);
    const states = await sql<{ id: string; status: string; source: string }>(`SELECT id, status::text, source::text FROM replies WHERE id = ANY($1::text[])`, [[...B.replyIds, humanA.replyId]]);
    const byId = new Map(states.map((s) => [s.id, s]));
    expect(byId.get(B.replyIds[0]!)).toMatchObject({ status: "SENT", source: "AI_EDITED" });
    expect(byId.get(B.replyIds[1]!)).toMatchObject({ status: "DISCARDED" });
    expect(byId.get(human.replyId)).toMatchObject({ status: "SENT", source: "HUMAN" });
    expect(byId.get(humanA.replyId)).toMatchObject({ status: "SENT", source: "HUMAN" });

    // "Draft with AI" in A leaves a draft there (the forged-id checks below aim at it).
    const stream = await streamInboxDraft({ workspaceId: A.workspaceId, userId: A.agentId, role: "AGENT" }, A.conversationIds[1]!);
    const reader = stream.getReader();
    while (!(await reader.read()).done) { /* the streamed text */ }
    const [draftA] = await sql<{ id: string; workspaceId: string }>(`SELECT id, "workspaceId" FROM replies WHERE "conversationId" = $1 AND status = 'DRAFT'`, [A.conversationIds[1]]);
    expect(draftA?.workspaceId).toBe(A.workspaceId);
    A.replyIds.push(draftA!.id);

    await A.agent.leads.setStatus({ leadId: A.leadIds[0]!, status: "WON" });
    await B.agent.leads.setStatus({ leadId: B.leadIds[0]!, status: "QUALIFIED" });
    await expect(A.admin.leads.retrainScorer()).resolves.toEqual({ queued: true });
    expect(queued.filter((j) => j.name === "retrain-scorer").map((j) => j.payload.workspaceId)).toEqual([A.workspaceId]);
    queued.splice(0); // the retraining job runs here, as the queue would
    await expect(retrainScorer(A.workspaceId, null)).resolves.toMatchObject({ trained: false, examples: 1 });
    await expect(retrainScorer(B.workspaceId, null)).resolves.toMatchObject({ trained: false, examples: 0 });
  });

  it("shows each workspace only its own members, knowledge, audit, inbox, leads, invitations and settings", async () => {
    for (const [t, other] of [[tenants.A, tenants.B], [tenants.B, tenants.A]] as const) {
      const members = await t.admin.members.list();
      await expectAllIn(t.workspaceId, "memberships", members.map((m) => m.id));
      expect(members.map((m) => m.userId).sort()).toEqual([...t.userIds].sort());
      expect(members.filter((m) => m.role === "ADMIN")).toHaveLength(1);
      // The last-admin check counts this workspace's admins only: the other's admin is no reprieve.
      await expect(t.admin.members.changeRole({ membershipId: members.find((m) => m.userId === t.adminId)!.id, role: "AGENT" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

      const articles = await t.admin.knowledge.list();
      await expectAllIn(t.workspaceId, "knowledge_articles", articles.map((a) => a.id));
      expect(articles.map((a) => a.id).sort()).toEqual([...t.articleIds].sort());
      const search = (query: string) => withTenant({ workspaceId: t.workspaceId }, (tx) => searchArticles(tx, t.workspaceId, query, 5));
      expect((await search(`${t.uniqueWord} grinder`)).map((s) => s.title)).toEqual([`${t.uniqueWord} grinder warranty`]);
      expect(await search(`${other.uniqueWord} grinder`)).toEqual([]);
      const pricing = await search("Pro plan price");
      expect(pricing.length).toBeGreaterThan(0);
      await expectAllIn(t.workspaceId, "knowledge_articles", pricing.map((s) => s.id));

      const audit = await t.admin.audit.list({ limit: 200 });
      expect(audit.length).toBeGreaterThan(5);
      await expectAllIn(t.workspaceId, "audit_logs", audit.map((a) => a.id));

      const inbox = await t.admin.inbox.list();
      expect(inbox.map((c) => c.id).sort()).toEqual([...t.conversationIds].sort());
      for (const conversationId of t.conversationIds) {
        const c = await t.agent.inbox.get({ conversationId });
        await expectAllIn(t.workspaceId, "messages", c.messages.map((m) => m.id));
        await expectAllIn(t.workspaceId, "replies", c.replies.map((r) => r.id));
        await expectAllIn(t.workspaceId, "agent_runs", c.messages.flatMap((m) => m.agentRuns.map((r) => r.id)));
        await expectAllIn(t.workspaceId, "contacts", [c.contact.id]);
        if (c.lead) await expectAllIn(t.workspaceId, "leads", [c.lead.id]);
      }

      const leads = await t.agent.leads.list();
      expect(leads.map((l) => l.id).sort()).toEqual([...t.leadIds].sort());
      for (const l of leads) if (l.conversationId) expect(t.conversationIds).toContain(l.conversationId);

      const invitations = await t.admin.invitations.list();
      expect(invitations.map((i) => i.id)).toEqual([t.pendingInvitation.id]);

      const current = await t.admin.workspace.current();
      expect(current.settings).toMatchObject({ id: t.workspaceId, name: `Isolation ${t.name}`, toneGuidelines: `${t.name} tone.` });
      const channel = await t.admin.demo.channel();
      await expectAllIn(t.workspaceId, "channels", [channel!.id]);
    }
    // Belonging to both is legitimate (the switcher lists both); each workspace still shows only its own.
    const consultantWorkspaces = await callerFor(consultantId, null).workspace.mine();
    expect(consultantWorkspaces.map((w) => w.id).sort()).toEqual([tenants.A.workspaceId, tenants.B.workspaceId].sort());
    const seenByConsultant = await callerFor(consultantId, tenants.A.workspaceId).inbox.list();
    expect(seenByConsultant.map((c) => c.id).sort()).toEqual([...tenants.A.conversationIds].sort());
  });

  it("answers NOT_FOUND to the other workspace's ids and changes nothing", async () => {
    const { A, B } = tenants;
    const before = { A: await fingerprint(A.workspaceId), B: await fingerprint(B.workspaceId) };
    const notFound = { code: "NOT_FOUND" };
    const draftA = A.replyIds.at(-1)!;

    await expect(B.agent.inbox.get({ conversationId: A.conversationIds[0]! })).rejects.toMatchObject(notFound);
    await expect(B.agent.inbox.approve({ replyId: draftA, text: "forged" })).rejects.toMatchObject(notFound);
    await expect(B.agent.inbox.discard({ replyId: draftA })).rejects.toMatchObject(notFound);
    await expect(B.agent.inbox.reply({ conversationId: A.conversationIds[0]!, text: "forged" })).rejects.toMatchObject(notFound);
    await expect(B.agent.inbox.setPaused({ conversationId: A.conversationIds[1]!, paused: true })).rejects.toMatchObject(notFound);
    await expect(B.agent.leads.setStatus({ leadId: A.leadIds[1]!, status: "LOST" })).rejects.toMatchObject(notFound);
    await expect(B.admin.knowledge.update({ id: A.articleIds[0]!, article: { title: "forged", body: "forged", tags: [] } })).rejects.toMatchObject(notFound);
    await expect(B.admin.knowledge.delete({ id: A.articleIds[0]! })).rejects.toMatchObject(notFound);
    await expect(B.admin.members.changeRole({ membershipId: A.memberIds.agent, role: "VIEWER" })).rejects.toMatchObject(notFound);
    await expect(B.admin.members.remove({ membershipId: A.memberIds.agent })).rejects.toMatchObject(notFound);
    await expect(B.admin.invitations.revoke({ invitationId: A.pendingInvitation.id })).rejects.toMatchObject(notFound);
    // A's invitation secret under B's workspace id must not admit anyone to B.
    await expect(callerFor(consultantId, null).invitations.accept({ token: `${B.workspaceId}.${A.pendingInvitation.secret}` })).rejects.toMatchObject(notFound);
    await expect(streamInboxDraft({ workspaceId: B.workspaceId, userId: B.agentId, role: "AGENT" }, A.conversationIds[1]!)).rejects.toMatchObject(notFound);

    // Jobs carrying B's workspace with A's ids: unknown there, nothing written.
    const [processed] = await processMessages([jobItem({ workspaceId: B.workspaceId, messageId: A.messageIds[0]! })], { log }, handlerContext);
    expect(processed).toMatchObject({ ok: false, error: { code: "MESSAGE_NOT_FOUND" } });
    const [sent] = await sendReplies([jobItem({ workspaceId: B.workspaceId, replyId: draftA })], { log }, handlerContext);
    expect(sent).toMatchObject({ ok: false, error: { code: "REPLY_NOT_FOUND" } });
    await recordJobFailure({ name: "process-message", jobId: "forged", attempts: 5, payload: { workspaceId: B.workspaceId, messageId: A.messageIds[1]! }, error: { name: "Error", message: "forged" } });
    await recordJobFailure({ name: "send-reply", jobId: "forged", attempts: 5, payload: { workspaceId: B.workspaceId, replyId: draftA }, error: { name: "Error", message: "forged" } });
    expect(queued).toEqual([]);

    expect(await fingerprint(A.workspaceId)).toEqual(before.A);
    expect(await fingerprint(B.workspaceId)).toEqual(before.B);
  });

  it("stored every row of B's flows under B's workspace id, and linked rows never cross workspaces", async () => {
    const { A, B } = tenants;
    const [channelB] = await sql<{ id: string }>(`SELECT id FROM channels WHERE "workspaceId" = $1 AND platform = 'DEMO'`, [B.workspaceId]);
    const byChannel = await sql<{ table: string; ws: string; n: number }>(
      `SELECT 'messages' AS table, "workspaceId" AS ws, count(*)::int AS n FROM messages WHERE "channelId" = $1 GROUP BY 2
       UNION ALL SELECT 'contacts', "workspaceId", count(*)::int FROM contacts WHERE "channelId" = $1 GROUP BY 2
       UNION ALL SELECT 'conversations', "workspaceId", count(*)::int FROM conversations WHERE "channelId" = $1 GROUP BY 2`,
      [channelB!.id],
    );
    expect(byChannel.sort((x, y) => x.table.localeCompare(y.table))).toEqual([
      { table: "contacts", ws: B.workspaceId, n: 2 },
      { table: "conversations", ws: B.workspaceId, n: 2 },
      { table: "messages", ws: B.workspaceId, n: 2 },
    ]);
    const derived = await sql<{ table: string; ws: string }>(
      `SELECT 'replies' AS table, "workspaceId" AS ws FROM replies WHERE "conversationId" = ANY($1::text[])
       UNION ALL SELECT 'agent_runs', "workspaceId" FROM agent_runs WHERE "messageId" = ANY($2::text[])
       UNION ALL SELECT 'leads', l."workspaceId" FROM leads l JOIN contacts c ON c.id = l."contactId" WHERE c."channelId" = $3
       UNION ALL SELECT 'audit_logs', "workspaceId" FROM audit_logs WHERE "actorId" = ANY($4::text[]) OR "targetId" = ANY($5::text[])
       UNION ALL SELECT 'invitations', "workspaceId" FROM invitations WHERE "invitedById" = $6
       UNION ALL SELECT 'knowledge_articles', "workspaceId" FROM knowledge_articles WHERE title LIKE $7`,
      [B.conversationIds, B.messageIds, channelB!.id, [B.adminId, B.agentId], [...B.messageIds, ...B.replyIds, ...B.leadIds, ...B.articleIds], B.adminId, `${B.uniqueWord}%`],
    );
    for (const table of ["replies", "agent_runs", "leads", "audit_logs", "invitations", "knowledge_articles"]) {
      expect(derived.some((r) => r.table === table), `${table} has rows from B's flows`).toBe(true);
    }
    expect(derived.filter((r) => r.ws !== B.workspaceId)).toEqual([]);
    const memberships = await sql<{ workspaceId: string }>(`SELECT "workspaceId" FROM memberships WHERE "userId" = ANY($1::text[])`, [[B.adminId, B.agentId]]);
    expect(memberships.map((m) => m.workspaceId)).toEqual([B.workspaceId, B.workspaceId]);

    // Every foreign key between tenant rows of A or B stays inside one workspace.
    const crossed = await sql<{ link: string; n: number }>(
      `SELECT link, count(*)::int AS n FROM (
         SELECT 'contact->channel' AS link, x."workspaceId" AS a, y."workspaceId" AS b FROM contacts x JOIN channels y ON y.id = x."channelId"
         UNION ALL SELECT 'conversation->channel', x."workspaceId", y."workspaceId" FROM conversations x JOIN channels y ON y.id = x."channelId"
         UNION ALL SELECT 'conversation->contact', x."workspaceId", y."workspaceId" FROM conversations x JOIN contacts y ON y.id = x."contactId"
         UNION ALL SELECT 'message->conversation', x."workspaceId", y."workspaceId" FROM messages x JOIN conversations y ON y.id = x."conversationId"
         UNION ALL SELECT 'message->channel', x."workspaceId", y."workspaceId" FROM messages x JOIN channels y ON y.id = x."channelId"
         UNION ALL SELECT 'reply->conversation', x."workspaceId", y."workspaceId" FROM replies x JOIN conversations y ON y.id = x."conversationId"
         UNION ALL SELECT 'reply->message', x."workspaceId", y."workspaceId" FROM replies x JOIN messages y ON y.id = x."inReplyToId"
         UNION ALL SELECT 'lead->contact', x."workspaceId", y."workspaceId" FROM leads x JOIN contacts y ON y.id = x."contactId"
         UNION ALL SELECT 'agent_run->message', x."workspaceId", y."workspaceId" FROM agent_runs x JOIN messages y ON y.id = x."messageId"
       ) links
       WHERE (a = ANY($1::text[]) OR b = ANY($1::text[])) AND a <> b
       GROUP BY link`,
      [[A.workspaceId, B.workspaceId]],
    );
    expect(crossed).toEqual([]);
  });
});
