import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeQStash, type FakeQStash } from "../fakes/qstash/server";
import { withTenant } from "@/server/infra/db/tenant";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Production queue path: QStash (a fake speaking its publish API and signing deliveries like
 * the real one) calls POST /api/jobs/[job], served here by the app's route handler.
 */
const keys = { currentSigningKey: "sig_current_test", nextSigningKey: "sig_next_test" };
let qstash: FakeQStash;
let app: Server;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;

beforeAll(async () => {
  qstash = await startFakeQStash({ ...keys, token: "qstash_test_token", retryBackoffMs: () => 20 });
  const { POST } = await import("@/app/api/jobs/[job]/route");
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const job = (req.url ?? "").split("/").at(-1) ?? "";
    const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as HeadersInit, body: Buffer.concat(chunks) });
    const response = await POST(request, { params: Promise.resolve({ job }) });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: "qstash_test_token",
    QSTASH_CURRENT_SIGNING_KEY: keys.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: keys.nextSigningKey,
    APP_URL: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
  });
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
});

afterAll(async () => {
  await qstash.close();
  app.close();
});

describe("QStash-triggered jobs", () => {
  it("runs process-message and send-reply through signed QStash deliveries", async () => {
    const body = demoBody(ws.externalId, "How much is the Pro plan per month?");
    await postDemo(ws, body);
    const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
    const reply = await waitFor(
      () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findFirst({ where: { status: "SENT", conversation: { messages: { some: { platformMessageId } } } } })),
      20_000,
      "reply sent via QStash",
    );
    expect(reply.source).toBe("AI");
    // The reply is SENT once its transaction commits; the job route answers QStash just after.
    const delivered = await waitFor(
      async () => {
        const names = qstash.deliveries.filter((d) => d.status === 200).map((d) => d.url.split("/").at(-1));
        return names.includes("send-reply") ? names : null;
      },
      5_000,
      "send-reply delivery acknowledged",
    );
    expect(delivered).toEqual(expect.arrayContaining(["process-message", "send-reply"]));
    expect(qstash.publishes.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses an unsigned or tampered delivery with 401 and runs nothing", async () => {
    const { POST } = await import("@/app/api/jobs/[job]/route");
    const payload = JSON.stringify({ payload: { workspaceId: ws.workspaceId, messageId: "x" } });
    const unsigned = await POST(new Request("http://x/api/jobs/process-message", { method: "POST", body: payload }), { params: Promise.resolve({ job: "process-message" }) });
    expect(unsigned.status).toBe(401);
    const forged = await POST(
      new Request("http://x/api/jobs/process-message", { method: "POST", body: payload, headers: { "upstash-signature": "eyJhbGciOiJIUzI1NiJ9.e30.bad" } }),
      { params: Promise.resolve({ job: "process-message" }) },
    );
    expect(forged.status).toBe(401);
  });

  it("acknowledges a permanently bad job without retrying it (489 non-retryable)", async () => {
    const before = qstash.deliveries.length;
    const res = await fetch(`${qstash.url}/v2/publish/${process.env.APP_URL}/api/jobs/process-message`, {
      method: "POST",
      headers: { authorization: "Bearer qstash_test_token", "content-type": "application/json", "Upstash-Retries": "3" },
      body: JSON.stringify({ payload: { workspaceId: ws.workspaceId } }),
    });
    const { messageId } = (await res.json()) as { messageId: string };
    await qstash.waitForMessage(messageId);
    const attempts = qstash.deliveries.slice(before).filter((d) => d.messageId === messageId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ status: 489, nonRetryable: true });
  });
});
