import { randomBytes } from "node:crypto";
import { createPasswordAccount } from "@/server/accounts/create-password-account";
import { createCaller } from "@/server/api/root";
import { withTenant } from "@/server/infra/db/tenant";
import type { Role } from "@/generated/prisma/client";
import { createWorkspace } from "@/server/workspaces/create-workspace";

export const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString("hex")}@example.test`;

/** A password account (password "correct-horse-9"); its email is confirmed unless `verified: false`. */
export async function createUser(label = "user", opts: { verified?: boolean } = {}): Promise<{ userId: string; email: string }> {
  const email = uniqueEmail(label);
  const { userId } = await createPasswordAccount({ name: `Test ${label}`, email, password: "correct-horse-9", verified: opts.verified ?? true });
  return { userId, email };
}

/** A workspace with one member per role. */
export async function createWorkspaceWithTeam(name = "Acme") {
  const admin = await createUser("admin");
  const { workspaceId } = await createWorkspace(admin.userId, { name });
  const members: Record<Role, { userId: string; email: string }> = { ADMIN: admin, AGENT: await createUser("agent"), VIEWER: await createUser("viewer") };
  await withTenant({ workspaceId }, async (tx) => {
    await tx.membership.create({ data: { workspaceId, userId: members.AGENT.userId, role: "AGENT" } });
    await tx.membership.create({ data: { workspaceId, userId: members.VIEWER.userId, role: "VIEWER" } });
  });
  return { workspaceId, members };
}

export function callerFor(userId: string | null, workspaceId: string | null, ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return createCaller({ userId, workspaceId, ip, resHeaders: new Headers() });
}
