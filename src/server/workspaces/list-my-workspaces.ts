import { withUser } from "../infra/db/tenant";

export async function listMyWorkspaces(userId: string) {
  return withUser(userId, async (tx) => {
    const memberships = await tx.membership.findMany({
      where: { userId },
      select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
      orderBy: { createdAt: "asc" },
    });
    return memberships.map((m) => ({ ...m.workspace, role: m.role }));
  });
}
