import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { blindIndex, encrypt } from "@/server/crypto/field-crypto";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { callerFor, createUser, createWorkspaceWithTeam, uniqueEmail } from "../helpers/factories";

/**
 * Every tRPC procedure, run as each role of the workspace, as a member of another workspace
 * and signed out. A procedure added without a row here fails the coverage check.
 */
type Who = "ADMIN" | "AGENT" | "VIEWER" | "OUTSIDER" | "ANON";
type Expect = "ok" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHORIZED";
type Fixture = { workspaceId: string; articleId: string; membershipId: string; invitationId: string };
type Row = {
  access: "public" | "authed" | "viewer" | "agent" | "admin";
  call: (caller: ReturnType<typeof callerFor>, f: Fixture) => Promise<unknown>;
};

const ROWS: Record<string, Row> = {
  "account.signUp": { access: "public", call: (c) => c.account.signUp({ name: "New", email: uniqueEmail("new"), password: "correct-horse-9" }) },
  "workspace.mine": { access: "authed", call: (c) => c.workspace.mine() },
  "workspace.create": { access: "authed", call: (c) => c.workspace.create({ name: "Another" }) },
  "workspace.switch": { access: "viewer", call: (c, f) => c.workspace.switch({ workspaceId: f.workspaceId }) },
  "workspace.current": { access: "viewer", call: (c) => c.workspace.current() },
  "workspace.updateSettings": { access: "admin", call: (c) => c.workspace.updateSettings({ toneGuidelines: "Formal." }) },
  "members.list": { access: "viewer", call: (c) => c.members.list() },
  "members.changeRole": { access: "admin", call: (c, f) => c.members.changeRole({ membershipId: f.membershipId, role: "AGENT" }) },
  "members.remove": { access: "admin", call: (c, f) => c.members.remove({ membershipId: f.membershipId }) },
  "invitations.list": { access: "admin", call: (c) => c.invitations.list() },
  "invitations.create": { access: "admin", call: (c) => c.invitations.create({ email: uniqueEmail("inv"), role: "VIEWER" }) },
  "invitations.revoke": { access: "admin", call: (c, f) => c.invitations.revoke({ invitationId: f.invitationId }) },
  "invitations.accept": { access: "authed", call: (c) => c.invitations.accept({ token: "ws_nope.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) },
  "knowledge.list": { access: "viewer", call: (c) => c.knowledge.list() },
  "knowledge.create": { access: "admin", call: (c) => c.knowledge.create({ title: "T", body: "B", tags: [] }) },
  "knowledge.update": { access: "admin", call: (c, f) => c.knowledge.update({ id: f.articleId, article: { title: "T2", body: "B2", tags: [] } }) },
  "knowledge.delete": { access: "admin", call: (c, f) => c.knowledge.delete({ id: f.articleId }) },
  "audit.list": { access: "admin", call: (c) => c.audit.list() },
};

const RANK = { VIEWER: 1, AGENT: 2, ADMIN: 3 } as const;

function expected(row: Row, who: Who): Expect {
  if (row.access === "public") return "ok";
  if (who === "ANON") return "UNAUTHORIZED";
  if (row.access === "authed") return "ok";
  if (who === "OUTSIDER") return "NOT_FOUND";
  const needed = row.access === "viewer" ? 1 : row.access === "agent" ? 2 : 3;
  return RANK[who] >= needed ? "ok" : "FORBIDDEN";
}

// Outcomes a call may legitimately have once access is granted (the fixture row may be gone).
const DOMAIN_OUTCOMES = new Set(["NOT_FOUND", "BAD_REQUEST", "CONFLICT"]);

let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let outsiderId: string;

async function freshFixture(): Promise<Fixture> {
  const { workspaceId } = team;
  const email = uniqueEmail("extra");
  const extra = { userId: (await db().user.create({ data: { emailHash: blindIndex(email), emailEnc: encrypt(email) } })).id };
  return withTenant({ workspaceId }, async (tx) => {
    const article = await tx.knowledgeArticle.create({ data: { workspaceId, title: "Fixture", body: "Body" } });
    const membership = await tx.membership.create({ data: { workspaceId, userId: extra.userId, role: "VIEWER" } });
    const invitation = await tx.invitation.create({
      data: { workspaceId, emailHash: blindIndex(email), emailEnc: encrypt(email), role: "VIEWER", tokenHash: `t-${article.id}`, invitedById: extra.userId, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    return { workspaceId, articleId: article.id, membershipId: membership.id, invitationId: invitation.id };
  });
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

beforeAll(async () => {
  team = await createWorkspaceWithTeam("Matrix");
  const outsider = await createUser("outsider");
  outsiderId = outsider.userId;
  await (await import("@/server/workspaces/create-workspace")).createWorkspace(outsiderId, { name: "Elsewhere" });
});

describe("role matrix", () => {
  it("has a row for every procedure", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(ROWS).sort());
  });

  const whos: Who[] = ["ADMIN", "AGENT", "VIEWER", "OUTSIDER", "ANON"];
  for (const [path, row] of Object.entries(ROWS)) {
    for (const who of whos) {
      const want = expected(row, who);
      it(`${path} as ${who} -> ${want}`, async () => {
        const fixture = await freshFixture();
        const userId = who === "ANON" ? null : who === "OUTSIDER" ? outsiderId : team.members[who].userId;
        const got = await outcome(row.call(callerFor(userId, team.workspaceId), fixture));
        if (want === "ok") expect(got === "ok" || DOMAIN_OUTCOMES.has(got) ? "allowed" : got).toBe("allowed");
        else expect(got).toBe(want);
        // A refused call changed nothing: the fixture rows are intact.
        if (want !== "ok") {
          const intact = await withTenant({ workspaceId: team.workspaceId }, async (tx) => ({
            article: await tx.knowledgeArticle.count({ where: { id: fixture.articleId, title: "Fixture" } }),
            member: await tx.membership.count({ where: { id: fixture.membershipId, role: "VIEWER" } }),
            invite: await tx.invitation.count({ where: { id: fixture.invitationId, revokedAt: null } }),
          }));
          expect(intact).toEqual({ article: 1, member: 1, invite: 1 });
        }
      });
    }
  }
});
