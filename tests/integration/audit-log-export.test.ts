import { parse } from "csv-parse/sync";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditMany } from "@/server/audit/record-audit";
import { AUDIT_CSV_COLUMNS, streamAuditCsv, type AuditExportDeps } from "@/server/audit/export-audit-csv";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { createWorkspaceWithTeam } from "../helpers/factories";

/**
 * GET /api/audit/export (issue 13): the filtered audit log as a streamed CSV for admins only,
 * readable action names, formula cells neutralised, no more than the log page shows; read in
 * keyset batches; bad filters a clear 400; a database failing mid-export breaks the stream off
 * and is audited as failed; every export audited with its count and filters.
 */
type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let ws: Team;
let other: Team;
const day = (d: number) => new Date(Date.UTC(2026, 1, d, 12));

beforeAll(async () => {
  ws = await createWorkspaceWithTeam("Audit export");
  other = await createWorkspaceWithTeam("Audit export other");
  const admin = { type: "USER" as const, id: ws.members.ADMIN.userId };
  await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    await recordAuditMany(tx, ws.workspaceId, [{ actor: admin, action: "knowledge.create", target: { type: "knowledge_article", id: "=HYPERLINK(\"http://evil.test\")" } }], day(1));
    await recordAuditMany(tx, ws.workspaceId, [{ actor: { type: "SYSTEM" }, action: "crm.sync", target: { type: "crm_connection", id: "+cmd" }, metadata: { created: 3 } }], day(2));
    await recordAuditMany(tx, ws.workspaceId, Array.from({ length: 5 }, (_, i) => ({ actor: { type: "AI" as const }, action: "ai.reply.draft", target: { type: "message", id: `msg${i}` } })), day(3));
    await recordAuditMany(tx, ws.workspaceId, [{ actor: admin, action: "inbox.status_changed", target: { type: "conversation", id: "@SUM(A1)" } }], day(4));
  });
  await withTenant({ workspaceId: other.workspaceId }, (tx) =>
    recordAuditMany(tx, other.workspaceId, [{ actor: { type: "USER", id: other.members.ADMIN.userId }, action: "knowledge.delete", target: { type: "knowledge_article", id: "other-ws-article" } }], day(3)),
  );
}, 60_000);

afterAll(async () => {
  await stopQueue();
});

const FEBRUARY = `from=${day(1).toISOString().slice(0, 10)}T00:00:00.000Z&to=2026-03-01T00:00:00.000Z`;

async function exportAs(userId: string | null, workspaceId: string, query = "") {
  const { GET } = await import("@/app/api/audit/export/route");
  const cookie = userId ? `next-auth.session-token=${await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${workspaceId}` : "";
  return GET(new Request(`http://localhost:3000/api/audit/export${query}`, { headers: { cookie } }));
}

const rowsOf = (csv: string) => parse(csv.replace(/^\uFEFF/, "")) as string[][];

async function exportAudits(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action: "audit.export" }, orderBy: { createdAt: "asc" } }));
}

describe("audit log CSV export", () => {
  it("admins get the filtered log, newest first, readable and formula-safe, audited with the count", async () => {
    const res = await exportAs(ws.members.ADMIN.userId, ws.workspaceId, `?${FEBRUARY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const [header, ...rows] = rowsOf(text);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.map((r) => r[2])).toEqual(["inbox.status_changed", ...Array(5).fill("ai.reply.draft"), "crm.sync", "knowledge.create"]);
    expect(rows[0]!.slice(1, 7)).toEqual(["Inbox: status changed", "inbox.status_changed", "USER", "Test admin", "Conversation", "'@SUM(A1)"]);
    expect(rows.at(-1)!.slice(1, 7)).toEqual(["Added a knowledge article", "knowledge.create", "USER", "Test admin", "Knowledge article", "'=HYPERLINK(\"http://evil.test\")"]);
    expect(rows.at(-2)!.slice(4, 8)).toEqual(["Leadline (system)", "CRM connection", "'+cmd", "{\"created\":3}"]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Names as the page shows them; no email address when the member has a name; no other workspace.
    expect(text).not.toContain(ws.members.ADMIN.email);
    expect(text).not.toContain("other-ws-article");
    const [audit] = (await exportAudits(ws.workspaceId)).slice(-1);
    expect(audit).toMatchObject({ actorId: ws.members.ADMIN.userId, metadata: { outcome: "completed", count: 8, filters: { from: "2026-02-01T00:00:00.000Z", to: "2026-03-01T00:00:00.000Z" } } });
  });

  it("applies the action and actor filters", async () => {
    const ai = rowsOf(await (await exportAs(ws.members.ADMIN.userId, ws.workspaceId, `?${FEBRUARY}&actor=AI`)).text()).slice(1);
    expect(ai.map((r) => [r[3], r[4]])).toEqual(Array(5).fill(["AI", "AI agent"]));
    expect(new Set(ai.map((r) => r[6]))).toEqual(new Set(["msg0", "msg1", "msg2", "msg3", "msg4"]));
    const created = rowsOf(await (await exportAs(ws.members.ADMIN.userId, ws.workspaceId, "?action=knowledge.create")).text()).slice(1);
    expect(created).toHaveLength(1);
  });

  it("refuses agents and viewers with 403 (crafted request), nothing audited; signed out 401; outsiders 404", async () => {
    const before = (await exportAudits(ws.workspaceId)).length;
    for (const userId of [ws.members.AGENT.userId, ws.members.VIEWER.userId]) {
      const res = await exportAs(userId, ws.workspaceId, `?${FEBRUARY}`);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toMatch(/knowledge\.create|HYPERLINK/);
    }
    expect((await exportAs(null, ws.workspaceId)).status).toBe(401);
    expect((await exportAs(other.members.ADMIN.userId, ws.workspaceId)).status).toBe(404);
    expect((await exportAudits(ws.workspaceId)).length).toBe(before);
  });

  it("bad filters get a 400 naming them, nothing exported or audited", async () => {
    const before = (await exportAudits(ws.workspaceId)).length;
    for (const [query, expected] of [
      ["?from=yesterday", /from/],
      ["?from=2026-03-01&to=2026-02-01", /start of the date range/],
      ["?actor=bob", /actor/],
      ["?action=Robert');DROP", /action/],
      ["?surprise=1", /unknown parameter surprise/],
      ["?action=crm.sync&action=crm.sync", /repeated: action/],
    ] as const) {
      const res = await exportAs(ws.members.ADMIN.userId, ws.workspaceId, query);
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toMatch(expected);
    }
    expect((await exportAudits(ws.workspaceId)).length).toBe(before);
  });

  it("streams in keyset batches: nothing read before it is pulled, every entry once", async () => {
    const batches: number[] = [];
    const deps: AuditExportDeps = { tenant: (fn) => withTenant({ workspaceId: ws.workspaceId }, fn), batchSize: 2 };
    const counting: AuditExportDeps["fetchPage"] = async (tx, workspaceId, filters, cursor, limit) => {
      const page = await tx.auditLog.findMany({
        where: { workspaceId, createdAt: { gte: filters.from!, lt: filters.to! }, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit,
        select: { id: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, metadata: true, createdAt: true },
      });
      batches.push(page.length);
      return page;
    };
    const stream = streamAuditCsv({ workspaceId: ws.workspaceId, userId: ws.members.ADMIN.userId }, { from: day(1), to: day(28) }, { ...deps, fetchPage: counting });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(batches).toEqual([]);
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(batches).toEqual([2, 2, 2, 2, 0]);
    const ids = rowsOf(text).slice(1).map((r) => `${r[0]}|${r[6]}`);
    expect(new Set(ids).size).toBe(8);
  });

  it("a database failing mid-export breaks the stream off and is audited as failed", async () => {
    let calls = 0;
    const failing: AuditExportDeps["fetchPage"] = async (tx, workspaceId, _filters, cursor, limit) => {
      calls += 1;
      if (calls === 2) await tx.$executeRawUnsafe("SELECT 1 / 0");
      return tx.auditLog.findMany({ where: { workspaceId, ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}) }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
    };
    const stream = streamAuditCsv({ workspaceId: ws.workspaceId, userId: ws.members.ADMIN.userId }, {}, { tenant: (fn) => withTenant({ workspaceId: ws.workspaceId }, fn), fetchPage: failing, batchSize: 2 });
    const reader = stream.getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await expect(reader.read()).rejects.toThrow(/The export stopped: the audit log could not be read/);
    const [audit] = (await exportAudits(ws.workspaceId)).slice(-1);
    expect(audit).toMatchObject({ metadata: { outcome: "failed", count: 2 } });
  });
});
