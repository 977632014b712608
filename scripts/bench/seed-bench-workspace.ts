import { randomBytes } from "node:crypto";
import { encrypt } from "../../src/server/infra/crypto/field-crypto";
import { withTenant } from "../../src/server/infra/db/tenant";
import { DEMO_ARTICLES, DEMO_WORKSPACE } from "../../src/server/demo/demo-content";
import type { Channel } from "./demo-messages";

/** The webhook limit is 1,200 events per minute per channel: stay well under it. */
export const MESSAGES_PER_CHANNEL = 1_000;

/**
 * A workspace like the demo one (knowledge base, tone) with auto-reply on at threshold 0.5 and
 * enough Demo channels that no channel passes the webhook rate limit during a run.
 */
export async function seedBenchWorkspace(label: string, messages: number): Promise<{ workspaceId: string; channels: Channel[] }> {
  const workspaceId = `ws_bench_${label}_${randomBytes(6).toString("hex")}`;
  const count = Math.max(1, Math.ceil(messages / MESSAGES_PER_CHANNEL));
  const channels: Channel[] = Array.from({ length: count }, (_, i) => ({ externalId: `demo-${workspaceId}-${i}`, secret: randomBytes(24).toString("base64url") }));
  await withTenant({ workspaceId }, async (tx) => {
    await tx.workspace.create({
      data: { id: workspaceId, name: DEMO_WORKSPACE.name, slug: workspaceId.replaceAll("_", "-"), toneGuidelines: DEMO_WORKSPACE.toneGuidelines, autoReplyEnabled: true, autoReplyThreshold: 0.5 },
    });
    for (const article of DEMO_ARTICLES) await tx.knowledgeArticle.create({ data: { workspaceId, ...article } });
    for (const [i, channel] of channels.entries()) {
      await tx.channel.create({ data: { workspaceId, platform: "DEMO", externalId: channel.externalId, name: `Bench channel ${i + 1}`, secretEnc: encrypt(channel.secret) } });
    }
  });
  return { workspaceId, channels };
}
