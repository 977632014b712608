import { encode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "@/server/channels/demo/sign-demo-payload";
import { withTenant } from "@/server/infra/db/tenant";
import { env, resetEnvCache } from "@/server/infra/env/load-env";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { forgetRefusedSources } from "@/server/infra/http/throttle-webhook-source";
import { jobUrl } from "@/server/infra/queue/qstash-queue";
import { resetPorts } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { signQStashJwt } from "../fakes/qstash/sign-jwt";
import { countingBody, postRequest } from "../helpers/counting-body";
import { createPipelineWorkspace, demoBody } from "../helpers/pipeline";

/**
 * Every public route that reads a body enforces its limit while reading the stream: a chunked
 * body without content-length, or one bigger than its content-length says, is cut off just
 * past the limit with 413, and a body exactly at the limit goes through.
 */
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
const MB64 = 64 * 1024 * 1024;
/** What a refused read may have pulled: the limit plus the chunk in flight and one read-ahead. */
const slack = 2 * 64 * 1024;
const encoder = new TextEncoder();

/** `json` followed by spaces up to exactly `bytes` bytes (trailing whitespace is valid JSON). */
function padTo(json: string, bytes: number): string {
  const length = Buffer.byteLength(json);
  if (length > bytes) throw new Error("body already larger than the padding target");
  return json + " ".repeat(bytes - length);
}

async function messageCount(): Promise<number> {
  return withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count());
}

async function expect413(res: Response) {
  expect(res.status).toBe(413);
  expect(await res.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/^Request body is larger than /) } });
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
});

afterEach(() => {
  resetPorts();
  forgetRefusedSources();
});

afterAll(async () => {
  await stopQueue();
});

describe("webhooks", () => {
  const ctx = { params: Promise.resolve({ platform: "demo" }) };
  const route = async () => (await import("@/app/api/webhooks/[platform]/route")).POST;

  it("refuses a 64 MB chunked body after reading little more than 1 MB, and stores nothing", async () => {
    const before = await messageCount();
    // A real, validly signed event at the front: the padding alone must get it refused.
    const event = demoBody(ws.externalId, "Hello from a very large body");
    const body = countingBody(MB64, { prefix: encoder.encode(event) });
    const res = await (await route())(postRequest("http://x/api/webhooks/demo", body.stream, { [DEMO_SIGNATURE_HEADER]: signDemoPayload(event, ws.secret) }), ctx);
    await expect413(res);
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.webhook + slack);
    expect(await messageCount()).toBe(before);
  });

  it("refuses a body larger than its small, lying content-length", async () => {
    const before = await messageCount();
    const event = demoBody(ws.externalId, "Lying length");
    const body = countingBody(MB64, { prefix: encoder.encode(event) });
    const res = await (await route())(
      postRequest("http://x/api/webhooks/demo", body.stream, { "content-length": "100", [DEMO_SIGNATURE_HEADER]: signDemoPayload(event, ws.secret) }),
      ctx,
    );
    await expect413(res);
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.webhook + slack);
    expect(await messageCount()).toBe(before);
  });

  it("accepts and stores a signed body of exactly 1 MB", async () => {
    const before = await messageCount();
    const event = padTo(demoBody(ws.externalId, "Exactly at the limit"), BODY_LIMITS.webhook);
    const body = countingBody(0, { prefix: encoder.encode(event) });
    const res = await (await route())(postRequest("http://x/api/webhooks/demo", body.stream, { [DEMO_SIGNATURE_HEADER]: signDemoPayload(event, ws.secret) }), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, stored: 1, duplicates: 0 });
    expect(await messageCount()).toBe(before + 1);
  });
});

describe("jobs (QStash)", () => {
  const keys = { QSTASH_TOKEN: "qstash_bounded_token", QSTASH_CURRENT_SIGNING_KEY: "sig_current_bounded", QSTASH_NEXT_SIGNING_KEY: "sig_next_bounded" };
  const saved = { ...process.env };
  const ctx = { params: Promise.resolve({ job: "no-such-job" }) };
  const route = async () => (await import("@/app/api/jobs/[job]/route")).POST;

  beforeAll(() => {
    Object.assign(process.env, keys);
    resetEnvCache();
  });

  afterAll(() => {
    for (const key of Object.keys(keys)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    resetEnvCache();
  });

  function signed(body: string | Uint8Array): string {
    return signQStashJwt({ signingKey: keys.QSTASH_CURRENT_SIGNING_KEY, url: jobUrl(env().APP_URL, "no-such-job"), body });
  }

  it("refuses a 64 MB chunked delivery after reading little more than 256 KB", async () => {
    const body = countingBody(MB64);
    await expect413(await (await route())(postRequest("http://x/api/jobs/no-such-job", body.stream, { "upstash-signature": "x.y.z" }), ctx));
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.jobs + slack);
  });

  it("refuses a body larger than its lying content-length, even validly signed", async () => {
    const payload = padTo(JSON.stringify({ payload: {} }), BODY_LIMITS.jobs + 1);
    await expect413(await (await route())(postRequest("http://x/api/jobs/no-such-job", payload, { "content-length": "20", "upstash-signature": signed(payload) }), ctx));
  });

  it("verifies the signature on exactly the bytes of a body at the limit", async () => {
    const payload = padTo(JSON.stringify({ payload: {} }), BODY_LIMITS.jobs);
    const res = await (await route())(postRequest("http://x/api/jobs/no-such-job", countingBody(0, { prefix: encoder.encode(payload) }).stream, { "upstash-signature": signed(payload) }), ctx);
    // Past the signature check: the job name is what is refused.
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "unknown job" });
  });
});

describe("drafts/stream", () => {
  const route = async () => (await import("@/app/api/drafts/stream/route")).POST;
  async function cookie() {
    return `next-auth.session-token=${await encode({ token: { uid: ws.members.AGENT.userId }, secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${ws.workspaceId}`;
  }

  it("refuses a 64 MB chunked body after reading little more than 32 KB", async () => {
    const body = countingBody(MB64);
    await expect413(await (await route())(postRequest("http://x/api/drafts/stream", body.stream, { cookie: await cookie(), "content-type": "application/json" })));
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.drafts + slack);
  });

  it("refuses a body larger than its lying content-length", async () => {
    const body = padTo(JSON.stringify({ conversationId: "c" }), BODY_LIMITS.drafts + 1);
    await expect413(await (await route())(postRequest("http://x/api/drafts/stream", body, { cookie: await cookie(), "content-length": "25" })));
  });

  it("reads and parses a body of exactly 32 KB", async () => {
    const body = padTo(JSON.stringify({ conversationId: "someone-elses" }), BODY_LIMITS.drafts);
    const res = await (await route())(postRequest("http://x/api/drafts/stream", body, { cookie: await cookie(), "content-type": "application/json" }));
    // The id was read from the body and looked up: not found in this workspace.
    expect(res.status).toBe(404);
  });
});

describe("tRPC", () => {
  const route = async () => (await import("@/app/api/trpc/[trpc]/route")).POST;
  const url = "http://x/api/trpc/account.signUp";

  it("refuses a 64 MB chunked body after reading little more than 1 MB", async () => {
    const body = countingBody(MB64);
    await expect413(await (await route())(postRequest(url, body.stream, { "content-type": "application/json" })));
    expect(body.pulled()).toBeLessThanOrEqual(BODY_LIMITS.trpc + slack);
  });

  it("refuses a body larger than its lying content-length", async () => {
    const body = padTo(JSON.stringify({ email: "x" }), BODY_LIMITS.trpc + 1);
    await expect413(await (await route())(postRequest(url, body, { "content-type": "application/json", "content-length": "15" })));
  });

  it("hands a body of exactly 1 MB to the procedure, which validates its input", async () => {
    // superjson's envelope: { json: <input> }.
    const body = padTo(JSON.stringify({ json: { email: "not-an-email" } }), BODY_LIMITS.trpc);
    const res = await (await route())(postRequest(url, body, { "content-type": "application/json", "x-forwarded-for": "192.0.2.44" }));
    expect(res.status).toBe(400);
    // Parsed as JSON and rejected by the input schema, not a parse error of a cut body.
    const { error } = (await res.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(error.json.data.code).toBe("BAD_REQUEST");
    expect(error.json.message).toMatch(/email/i);
  });
});
