import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let conversationId: string;

async function post(userId: string | null, body: unknown) {
  const { POST } = await import("@/app/api/drafts/stream/route");
  const cookie = userId ? `next-auth.session-token=${await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${ws.workspaceId}` : "";
  return POST(new Request("http://x/api/drafts/stream", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) }));
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  const body = demoBody(ws.externalId, "Hi Jamie here, how long does shipping take to Canada?", { name: "Jamie Rivera" });
  await postDemo(ws, body);
  const id = (JSON.parse(body) as { messageId: string }).messageId;
  const message = await waitFor(() => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { platformMessageId: id, status: "PROCESSED" } })), 20_000, "processed");
  conversationId = message.conversationId;
});

afterAll(async () => {
  await stopQueue();
});

describe("streamed drafts from the inbox", () => {
  it("streams a grounded draft and stores it as a DRAFT reply", async () => {
    const res = await post(ws.members.AGENT.userId, { conversationId });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/ship/i);
    const drafts = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findMany({ where: { conversationId, flags: { has: "streamed" } } }));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ status: "DRAFT", source: "AI" });
  });

  it("refuses signed-out users, viewers, other tenants' conversations and bad bodies", async () => {
    expect((await post(null, { conversationId })).status).toBe(401);
    expect((await post(ws.members.VIEWER.userId, { conversationId })).status).toBe(403);
    expect((await post(ws.members.AGENT.userId, { conversationId: "someone-elses" })).status).toBe(404);
    expect((await post(ws.members.AGENT.userId, { nope: 1 })).status).toBe(400);
  });
});
