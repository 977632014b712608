import { parse } from "csv-parse/sync";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { newId } from "@/server/infra/db/new-id";
import { withTenant, type Tx } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { CSV_COLUMNS, neutraliseFormula, streamLeadsCsv } from "@/server/leads/export-leads-csv";
import { fetchLeadPage } from "@/server/leads/list-leads";
import { createWorkspaceWithTeam } from "../helpers/factories";

/**
 * GET /api/leads/export: the filtered leads as a streamed CSV for admins (all) and agents (what
 * they see), refused to viewers; formula cells neutralised; read in keyset batches (2,500 leads
 * never in memory at once); bad filters a clear 400; a database failing mid-export errors the
 * stream cleanly; every export audited with its count and filters, without contact data.
 */
type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let ws: Team & { otherAgentId: string };
let big: Team;

const HOSTILE = ["=HYPERLINK(\"http://evil.test\",\"x\")", "+41 79 000 00 00", "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rReturn", "Plain Pat"];

async function contactWithLead(tx: Tx, workspaceId: string, channelId: string, name: string, score: number, assigneeId: string | null) {
  const contactId = newId();
  await tx.contact.create({ data: { id: contactId, workspaceId, channelId, platformUserHash: `u-${contactId}`, platformUserIdEnc: encrypt("u"), displayNameEnc: encrypt(name), handleEnc: encrypt(`@h${score}`) } });
  await tx.lead.create({ data: { workspaceId, contactId, tier: score >= 70 ? "HOT" : score >= 40 ? "WARM" : "COLD", score, reason: score === 90 ? "=cmd|' /C calc'!A0" : "Asked for pricing", tags: ["pricing"] } });
  await tx.conversation.create({ data: { workspaceId, channelId, contactId, kind: "DM", externalThreadId: `t-${contactId}`, assigneeId, lastInboundAt: new Date() } });
}

beforeAll(async () => {
  const team = await createWorkspaceWithTeam("Export");
  const otherAgent = await createWorkspaceWithTeam("Export other agent");
  await withTenant({ workspaceId: team.workspaceId }, async (tx) => {
    await tx.membership.create({ data: { workspaceId: team.workspaceId, userId: otherAgent.members.AGENT.userId, role: "AGENT" } });
    const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId: team.workspaceId, platform: "DEMO" } });
    for (const [i, name] of HOSTILE.entries()) await contactWithLead(tx, team.workspaceId, demo.id, name, 90 - i * 10, null);
    // A lead in a conversation of another agent: exported for admins, not for the first agent.
    await contactWithLead(tx, team.workspaceId, demo.id, "Hidden Hal", 15, otherAgent.members.AGENT.userId);
  });
  ws = { ...team, otherAgentId: otherAgent.members.AGENT.userId };

  // 2,500 leads, written in one statement.
  big = await createWorkspaceWithTeam("Export big");
  await withTenant({ workspaceId: big.workspaceId }, async (tx) => {
    const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId: big.workspaceId, platform: "DEMO" } });
    const name = encrypt("Bulk Buyer");
    await tx.$executeRaw`
      WITH n AS (SELECT g, md5(random()::text || g) AS id FROM generate_series(1, 2500) g),
      c AS (INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "displayNameEnc", "updatedAt")
            SELECT 'c' || n.id, ${big.workspaceId}, ${demo.id}, 'u' || n.id, ${name}, ${name}, now() FROM n RETURNING id)
      INSERT INTO leads (id, "workspaceId", "contactId", tier, score, reason, "updatedAt")
      SELECT 'l' || n.id, ${big.workspaceId}, 'c' || n.id, 'WARM', n.g % 100, 'Asked for pricing', now() FROM n JOIN c ON c.id = 'c' || n.id`;
  });
}, 120_000);

afterAll(async () => {
  await stopQueue();
});

async function cookieFor(userId: string, workspaceId: string) {
  return `next-auth.session-token=${await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${workspaceId}`;
}

async function exportAs(userId: string | null, workspaceId: string, query = "", headers: Record<string, string> = {}) {
  const { GET } = await import("@/app/api/leads/export/route");
  const cookie = userId ? await cookieFor(userId, workspaceId) : "";
  return GET(new Request(`http://localhost:3000/api/leads/export${query}`, { headers: { cookie, ...headers } }));
}

function rowsOf(csv: string): string[][] {
  return parse(csv.replace(/^\uFEFF/, ""), { relax_quotes: false }) as string[][];
}

async function auditsOf(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action: "leads.export" }, orderBy: { createdAt: "asc" } }));
}

describe("leads CSV export", () => {
  it("admins get every lead as CSV, formula cells neutralised, audited with the count and no PII", async () => {
    const res = await exportAs(ws.members.ADMIN.userId, ws.workspaceId, "?sort=score&dir=desc");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = rowsOf(await res.text());
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    const name = rows.map((r) => r[1]);
    expect(name).toEqual([
      "'=HYPERLINK(\"http://evil.test\",\"x\")", "'+41 79 000 00 00", "'-2+3", "'@SUM(A1:A2)", "'\tTabbed", "'\rReturn", "Plain Pat", "Hidden Hal",
    ]);
    // The reason a scorer wrote is a cell like any other.
    expect(rows[0]![7]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[0]![6]).toBe("90");
    // No cell of the file starts a formula.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const [audit] = (await auditsOf(ws.workspaceId)).slice(-1);
    expect(audit).toMatchObject({ actorId: ws.members.ADMIN.userId, metadata: { outcome: "completed", count: 8, filters: { sort: "score", dir: "desc" } } });
    expect(JSON.stringify(audit)).not.toMatch(/Plain Pat|Hidden Hal|HYPERLINK/);
  });

  it("agents export only the leads they may see, and filters apply", async () => {
    const all = rowsOf(await (await exportAs(ws.members.AGENT.userId, ws.workspaceId)).text()).slice(1);
    expect(all.map((r) => r[1])).not.toContain("Hidden Hal");
    expect(all).toHaveLength(HOSTILE.length);
    const hot = rowsOf(await (await exportAs(ws.members.AGENT.userId, ws.workspaceId, "?tier=HOT")).text()).slice(1);
    expect(hot.map((r) => r[6])).toEqual(["90", "80", "70"]);
    const theirs = rowsOf(await (await exportAs(ws.otherAgentId, ws.workspaceId, "?tier=COLD")).text()).slice(1);
    expect(theirs.map((r) => r[1])).toContain("Hidden Hal");
  });

  it("viewers are refused with a clear 403 (crafted request), nothing audited; signed-out 401", async () => {
    const before = (await auditsOf(ws.workspaceId)).length;
    const res = await exportAs(ws.members.VIEWER.userId, ws.workspaceId, "?tier=HOT");
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).toMatch(/Viewers cannot export leads/);
    expect(body).not.toMatch(/Plain Pat/);
    expect((await auditsOf(ws.workspaceId)).length).toBe(before);
    expect((await exportAs(null, ws.workspaceId)).status).toBe(401);
    // A member of another workspace cannot name this one.
    expect((await exportAs(big.members.ADMIN.userId, ws.workspaceId)).status).toBe(404);
  });

  it("bad query parameters get a 400 naming them", async () => {
    for (const [query, expected] of [
      ["?tier=LUKEWARM", /tier/],
      ["?sort=name", /sort/],
      ["?dir=sideways", /dir/],
      ["?surprise=1", /unknown parameter surprise/],
      ["?tier=HOT&tier=COLD", /repeated: tier/],
      [`?channelId=${"x".repeat(101)}`, /channelId/],
    ] as const) {
      const res = await exportAs(ws.members.ADMIN.userId, ws.workspaceId, query);
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toMatch(expected);
    }
  });

  it("streams 2,500 leads in keyset batches: nothing is read before it is pulled, no batch above 500", async () => {
    const reader = { workspaceId: big.workspaceId, userId: big.members.ADMIN.userId, role: "ADMIN" as const };
    const batches: number[] = [];
    const counting: typeof fetchLeadPage = async (tx, r, input) => {
      const page = await fetchLeadPage(tx, r, input);
      batches.push(page.length);
      return page;
    };
    const stream = streamLeadsCsv(reader, { sort: "score", dir: "desc" }, { tenant: (fn) => withTenant({ workspaceId: big.workspaceId }, fn), fetchPage: counting });
    const chunks = stream.getReader();
    const decoder = new TextDecoder();
    const header = await chunks.read();
    expect(decoder.decode(header.value)).toContain("Lead id,Name");
    expect(batches).toEqual([]); // the header alone reads no lead
    const first = await chunks.read();
    expect(batches).toEqual([500]);
    let text = decoder.decode(first.value);
    for (;;) {
      const next = await chunks.read();
      if (next.done) break;
      text += decoder.decode(next.value);
    }
    expect(batches).toEqual([500, 500, 500, 500, 500, 0]);
    const rows = rowsOf(text);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r[0])).size).toBe(2500);
    const scores = rows.map((r) => Number(r[6]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await auditsOf(big.workspaceId)).at(-1)?.metadata).toMatchObject({ outcome: "completed", count: 2500 });
  });

  it("through the route too: the whole file arrives for 2,500 leads", async () => {
    const res = await exportAs(big.members.ADMIN.userId, big.workspaceId, "?sort=created&dir=asc");
    expect(res.status).toBe(200);
    expect(rowsOf(await res.text())).toHaveLength(2501);
  });

  it("a database failing mid-export errors the stream cleanly (no file that looks complete), and the next export works", async () => {
    const reader = { workspaceId: big.workspaceId, userId: big.members.ADMIN.userId, role: "ADMIN" as const };
    let calls = 0;
    const failing: typeof fetchLeadPage = async (tx, r, input) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { name: "PrismaClientInitializationError" });
      return fetchLeadPage(tx, r, input);
    };
    const stream = streamLeadsCsv(reader, { sort: "score", dir: "desc" }, { tenant: (fn) => withTenant({ workspaceId: big.workspaceId }, fn), fetchPage: failing });
    const text = new Response(stream).text();
    await expect(text).rejects.toThrow(/The export stopped/);
    expect(calls).toBe(2);
    expect((await auditsOf(big.workspaceId)).at(-1)?.metadata).toMatchObject({ outcome: "failed", count: 500 });
    // The error message carries no database detail.
    await text.catch((e: unknown) => expect(String(e)).not.toMatch(/127\.0\.0\.1|5432/));

    const again = await exportAs(big.members.ADMIN.userId, big.workspaceId, "?tier=WARM");
    expect(rowsOf(await again.text())).toHaveLength(2501);
  });
});

describe("formula neutralising", () => {
  it("prefixes exactly the cells a spreadsheet would run", () => {
    expect(["=1+1", "+1", "-1", "@a", "\tx", "\rx"].map(neutraliseFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@a", "'\tx", "'\rx"]);
    expect(["a=1", "1-2", "", " =x", "Hot"].map(neutraliseFormula)).toEqual(["a=1", "1-2", "", " =x", "Hot"]);
  });
});
