import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant, withUser } from "@/server/infra/db/tenant";
import { acceptInvitation } from "@/server/invitations/accept-invitation";
import { createInvitation } from "@/server/invitations/create-invitation";
import { changeMemberRole, listMembers, removeMember } from "@/server/members/members";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { createUser } from "../helpers/factories";

/**
 * Issue 11, finding 4. Most cases build Dana, admin of workspace A and an agent in B, whose
 * only admin is someone else: B's transactions must never see or count Dana's A membership.
 */
let app: pg.Client;

beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await app.connect();
});
afterAll(async () => {
  await app.end();
});

/** A user who is admin of A and AGENT in B, where B's only admin is `bAdmin`. */
async function crossWorkspaceSetup() {
  const dana = await createUser("dana");
  const bAdmin = await createUser("badmin");
  const { workspaceId: a } = await createWorkspace(dana.userId, { name: "Workspace A" });
  const { workspaceId: b } = await createWorkspace(bAdmin.userId, { name: "Workspace B" });
  await withTenant({ workspaceId: b }, (tx) => tx.membership.create({ data: { workspaceId: b, userId: dana.userId, role: "AGENT" } }));
  const bAdminMembership = await withTenant({ workspaceId: b }, (tx) =>
    tx.membership.findFirstOrThrow({ where: { workspaceId: b, userId: bAdmin.userId }, select: { id: true } }));
  return { dana, bAdmin, a, b, bAdminMembershipId: bAdminMembership.id };
}

async function asAppRole<T>(workspaceId: string, userId: string, sql: string, params: unknown[]): Promise<T[]> {
  await app.query("BEGIN");
  try {
    await app.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)", [workspaceId, userId]);
    return (await app.query(sql, params)).rows as T[];
  } finally {
    await app.query("ROLLBACK");
  }
}

describe("memberships inside a workspace (issue 11, finding 4)", () => {
  it("raw SQL as the app role: B's transaction sees none of the caller's memberships in A", async () => {
    const { dana, a, b } = await crossWorkspaceSetup();
    const rows = await asAppRole<{ workspaceId: string }>(b, dana.userId, `SELECT "workspaceId" FROM memberships WHERE "userId" = $1`, [dana.userId]);
    expect(rows.map((r) => r.workspaceId)).toEqual([b]);
    const admins = await asAppRole<{ n: number }>(b, dana.userId, `SELECT count(*)::int AS n FROM memberships WHERE role = 'ADMIN'`, []);
    expect(admins[0]?.n).toBe(1);
    // Workspace A is not readable from B's transaction either.
    expect(await asAppRole(b, dana.userId, `SELECT id FROM workspaces WHERE id = $1`, [a])).toEqual([]);
  });

  it("still lists a user's own memberships across workspaces when no workspace is set (switcher)", async () => {
    const { dana, a, b } = await crossWorkspaceSetup();
    const mine = await withUser(dana.userId, (tx) => tx.membership.findMany({ where: { userId: dana.userId }, select: { workspaceId: true } }));
    expect(mine.map((m) => m.workspaceId).sort()).toEqual([a, b].sort());
  });

  it("B's member list shows B's members only", async () => {
    const { dana, bAdmin, b } = await crossWorkspaceSetup();
    const members = await withTenant({ workspaceId: b, userId: dana.userId }, (tx) => listMembers(tx, b));
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual([[bAdmin.userId, "ADMIN"], [dana.userId, "AGENT"]].sort());
  });

  it("the last admin of B cannot be demoted or removed, whoever asks", async () => {
    const { dana, bAdmin, b, bAdminMembershipId } = await crossWorkspaceSetup();
    // Dana is an admin (of A) but not of B; B has one admin: neither a demotion nor a removal passes.
    for (const actor of [dana.userId, bAdmin.userId]) {
      await expect(withTenant({ workspaceId: b, userId: actor }, (tx) => changeMemberRole(tx, b, actor, { membershipId: bAdminMembershipId, role: "VIEWER" })))
        .rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(withTenant({ workspaceId: b, userId: actor }, (tx) => removeMember(tx, b, actor, bAdminMembershipId)))
        .rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const roles = await withTenant({ workspaceId: b }, (tx) => tx.membership.findMany({ where: { workspaceId: b, role: "ADMIN" }, select: { userId: true } }));
    expect(roles).toEqual([{ userId: bAdmin.userId }]);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const { dana, bAdmin, b, bAdminMembershipId } = await crossWorkspaceSetup();
    const danaMembership = await withTenant({ workspaceId: b }, async (tx) => {
      await tx.membership.updateMany({ where: { workspaceId: b, userId: dana.userId }, data: { role: "ADMIN" } });
      return tx.membership.findFirstOrThrow({ where: { workspaceId: b, userId: dana.userId }, select: { id: true } });
    });
    const results = await Promise.allSettled([
      withTenant({ workspaceId: b, userId: dana.userId }, (tx) => changeMemberRole(tx, b, dana.userId, { membershipId: bAdminMembershipId, role: "AGENT" })),
      withTenant({ workspaceId: b, userId: bAdmin.userId }, (tx) => changeMemberRole(tx, b, bAdmin.userId, { membershipId: danaMembership.id, role: "AGENT" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await withTenant({ workspaceId: b }, (tx) => tx.membership.count({ where: { workspaceId: b, role: "ADMIN" } }));
    expect(admins).toBe(1);
  });

  it("accepting an invitation never demotes the sole admin", async () => {
    const admin = await createUser("solo");
    const { workspaceId } = await createWorkspace(admin.userId, { name: "Solo" });
    const { link } = await withTenant({ workspaceId, userId: admin.userId }, (tx) =>
      createInvitation(tx, workspaceId, admin.userId, { email: admin.email, role: "VIEWER" }));
    const token = link.split("/invite/")[1]!;
    const accepted = await acceptInvitation(admin.userId, token);
    expect(accepted.role).toBe("ADMIN");
    const membership = await withTenant({ workspaceId }, (tx) => tx.membership.findFirstOrThrow({ where: { workspaceId, userId: admin.userId }, select: { role: true } }));
    expect(membership.role).toBe("ADMIN");
  });

  it("accepting an invitation can still raise an existing member's role", async () => {
    const { dana, bAdmin, b } = await crossWorkspaceSetup();
    const { link } = await withTenant({ workspaceId: b, userId: bAdmin.userId }, (tx) =>
      createInvitation(tx, b, bAdmin.userId, { email: dana.email, role: "ADMIN" }));
    expect((await acceptInvitation(dana.userId, link.split("/invite/")[1]!)).role).toBe("ADMIN");
  });
});
