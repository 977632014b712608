import { randomBytes } from "node:crypto";
import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { hashPassword } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { recordAudit } from "../audit/record-audit";
import { DEMO_ARTICLES, DEMO_PASSWORD, DEMO_USERS, DEMO_WORKSPACE } from "./demo-content";

export const DEMO_CHANNEL_EXTERNAL_ID = `demo-${DEMO_WORKSPACE.id}`;

/** Seeds the demo workspace. Idempotent: running it again changes nothing that exists. */
export async function seedDemoWorkspace(): Promise<{ created: boolean; users: Array<{ email: string; role: string }>; password: string }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const user = await db().user.upsert({
      where: { emailHash: blindIndex(u.email) },
      // The demo accounts sign in with the published demo password: created with a confirmed email.
      update: {},
      create: { emailHash: blindIndex(u.email), emailEnc: encrypt(u.email), nameEnc: encrypt(u.name), passwordHash, emailVerifiedAt: new Date() },
      select: { id: true },
    });
    userIds[u.email] = user.id;
  }
  const adminId = userIds[DEMO_USERS[0].email];

  const created = await withTenant({ workspaceId: DEMO_WORKSPACE.id, userId: adminId }, async (tx) => {
    const existing = await tx.workspace.findUnique({ where: { id: DEMO_WORKSPACE.id }, select: { id: true } });
    if (existing) return false;
    await tx.workspace.create({ data: { ...DEMO_WORKSPACE, autoReplyEnabled: true, autoReplyThreshold: 0.75 } });
    for (const u of DEMO_USERS) {
      await tx.membership.create({ data: { workspaceId: DEMO_WORKSPACE.id, userId: userIds[u.email]!, role: u.role } });
    }
    for (const article of DEMO_ARTICLES) {
      await tx.knowledgeArticle.create({ data: { workspaceId: DEMO_WORKSPACE.id, ...article } });
    }
    await tx.channel.create({
      data: {
        workspaceId: DEMO_WORKSPACE.id,
        platform: "DEMO",
        externalId: DEMO_CHANNEL_EXTERNAL_ID,
        name: "Demo channel",
        secretEnc: encrypt(randomBytes(32).toString("base64url")),
      },
    });
    await recordAudit(tx, DEMO_WORKSPACE.id, { actor: { type: "SYSTEM" }, action: "workspace.seed_demo", target: { type: "workspace", id: DEMO_WORKSPACE.id } });
    return true;
  });
  return { created, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })), password: DEMO_PASSWORD };
}
