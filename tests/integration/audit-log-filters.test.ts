import { beforeAll, describe, expect, it } from "vitest";
import { recordAuditMany } from "@/server/audit/record-audit";
import { withTenant } from "@/server/infra/db/tenant";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * The audit log page (issue 13): admins list entries newest first, filtered by action, actor and
 * date range, paged by a keyset cursor that never skips entries sharing a time; agents and
 * viewers are refused; another workspace's entries never show.
 */
type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let ws: Team;
let other: Team;
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 0, d, h));

beforeAll(async () => {
  ws = await createWorkspaceWithTeam("Audit filters");
  other = await createWorkspaceWithTeam("Audit filters other");
  const admin = { type: "USER" as const, id: ws.members.ADMIN.userId };
  await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    await recordAuditMany(tx, ws.workspaceId, [{ actor: admin, action: "knowledge.create", target: { type: "knowledge_article", id: "a1" } }], day(1));
    await recordAuditMany(tx, ws.workspaceId, [{ actor: { type: "SYSTEM" }, action: "crm.sync" }], day(2));
    // Five entries of one batch share a time: paging must return each exactly once.
    await recordAuditMany(tx, ws.workspaceId, Array.from({ length: 5 }, (_, i) => ({ actor: { type: "AI" as const }, action: "ai.reply.draft", target: { type: "message", id: `m${i}` } })), day(3));
    await recordAuditMany(tx, ws.workspaceId, [{ actor: admin, action: "knowledge.import", metadata: { created: 2 } }], day(4));
  });
  await withTenant({ workspaceId: other.workspaceId }, (tx) =>
    recordAuditMany(tx, other.workspaceId, [{ actor: { type: "USER", id: other.members.ADMIN.userId }, action: "knowledge.delete" }], day(3)),
  );
}, 60_000);

const inJanuary = { from: day(1, 0), to: day(5, 0) };

describe("audit log filters and pages", () => {
  it("filters by action, actor and date range, newest first", async () => {
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    const all = await admin.audit.list({ limit: 200, filters: inJanuary });
    expect(all.map((e) => e.action)).toEqual(["knowledge.import", ...Array(5).fill("ai.reply.draft"), "crm.sync", "knowledge.create"]);
    expect((await admin.audit.list({ filters: { ...inJanuary, action: "knowledge.create" } })).map((e) => e.targetId)).toEqual(["a1"]);
    expect((await admin.audit.list({ filters: { ...inJanuary, actor: `user:${ws.members.ADMIN.userId}` } })).map((e) => e.action)).toEqual(["knowledge.import", "knowledge.create"]);
    expect((await admin.audit.list({ filters: { ...inJanuary, actor: "SYSTEM" } })).map((e) => e.action)).toEqual(["crm.sync"]);
    expect(await admin.audit.list({ filters: { ...inJanuary, actor: "AI" } })).toHaveLength(5);
    // From is inclusive, to exclusive.
    expect((await admin.audit.list({ filters: { from: day(2), to: day(4) } })).map((e) => e.action)).toEqual([...Array(5).fill("ai.reply.draft"), "crm.sync"]);
    // Without filters the workspace's newest entries come first (those its creation wrote today).
    expect((await admin.audit.list({ limit: 200 })).some((e) => e.action === "workspace.create")).toBe(true);
  });

  it("pages with a cursor through entries sharing a time, each exactly once", async () => {
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    const seen: string[] = [];
    let cursor: { createdAt: Date; id: string } | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await admin.audit.list({ limit: 2, cursor, filters: inJanuary });
      seen.push(...page.map((e) => e.id));
      if (page.length < 2) break;
      cursor = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    const all = await admin.audit.list({ limit: 200, filters: inJanuary });
    expect(seen).toEqual(all.map((e) => e.id));
    expect(new Set(seen).size).toBe(8);
  });

  it("never shows another workspace's entries, even filtered by its admin", async () => {
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    expect(await admin.audit.list({ filters: { actor: `user:${other.members.ADMIN.userId}` } })).toEqual([]);
    expect(await admin.audit.list({ filters: { action: "knowledge.delete" } })).toEqual([]);
    const actions = await admin.audit.actions();
    expect(actions).toEqual(expect.arrayContaining(["ai.reply.draft", "crm.sync", "knowledge.create", "knowledge.import", "workspace.create"]));
    expect(actions).not.toContain("knowledge.delete");
    expect([...actions].sort()).toEqual(actions);
  });

  it("refuses agents, viewers and outsiders (crafted requests)", async () => {
    for (const userId of [ws.members.AGENT.userId, ws.members.VIEWER.userId]) {
      const caller = callerFor(userId, ws.workspaceId);
      await expect(caller.audit.list({ filters: { action: "knowledge.create" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.audit.actions()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(callerFor(other.members.ADMIN.userId, ws.workspaceId).audit.list()).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
  });

  it("refuses bad filters with a clear message", async () => {
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    await expect(admin.audit.list({ filters: { from: day(4), to: day(2) } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/start of the date range must be before its end/) });
    await expect(admin.audit.list({ filters: { actor: "someone" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/SYSTEM, AI or user:<id>/) });
    await expect(admin.audit.list({ filters: { action: "DROP TABLE" } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/action code/) });
    await expect(admin.audit.list({ cursor: { createdAt: new Date("nope"), id: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
