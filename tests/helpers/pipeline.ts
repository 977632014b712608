import { randomBytes } from "node:crypto";
import { signDemoPayload, DEMO_SIGNATURE_HEADER } from "@/server/channels/demo/sign-demo-payload";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { handleWebhook } from "@/server/pipeline/handle-webhook";
import { DEMO_ARTICLES } from "@/server/demo/demo-content";
import { createWorkspaceWithTeam } from "./factories";

/** A workspace with the demo knowledge base and a Demo channel, ready to receive messages. */
export async function createPipelineWorkspace(settings: { autoReplyEnabled?: boolean; autoReplyThreshold?: number } = {}) {
  const team = await createWorkspaceWithTeam("Pipeline");
  const secret = randomBytes(24).toString("base64url");
  const externalId = `demo-${team.workspaceId}`;
  await withTenant({ workspaceId: team.workspaceId }, async (tx) => {
    await tx.workspace.update({ where: { id: team.workspaceId }, data: { autoReplyEnabled: settings.autoReplyEnabled ?? true, autoReplyThreshold: settings.autoReplyThreshold ?? 0.5 } });
    for (const a of DEMO_ARTICLES) await tx.knowledgeArticle.create({ data: { workspaceId: team.workspaceId, ...a } });
    // Workspace creation made the Demo channel; give it a secret the test knows.
    await tx.channel.update({ where: { platform_externalId: { platform: "DEMO", externalId } }, data: { secretEnc: encrypt(secret) } });
  });
  return { ...team, secret, externalId };
}

export function demoBody(externalId: string, text: string, customer: Partial<{ id: string; name: string; handle: string; followers: number; verified: boolean }> = {}) {
  return JSON.stringify({
    channelId: externalId,
    messageId: `m-${randomBytes(6).toString("hex")}`,
    customer: { id: customer.id ?? `c-${randomBytes(4).toString("hex")}`, name: customer.name ?? "Jamie Rivera", handle: customer.handle ?? "jamie_r", followers: customer.followers ?? 120, verified: customer.verified ?? false },
    text,
    sentAt: new Date().toISOString(),
  });
}

export async function postDemo(ws: { externalId: string; secret: string }, body: string, signature?: string) {
  const headers = new Headers({ [DEMO_SIGNATURE_HEADER]: signature ?? signDemoPayload(body, ws.secret) });
  return handleWebhook("demo", body, headers);
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, label = "condition"): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
