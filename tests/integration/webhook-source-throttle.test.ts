import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "@/server/channels/demo/sign-demo-payload";
import { resolveChannel } from "@/server/channels/resolve-channel";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { forgetRefusedSources } from "@/server/infra/http/throttle-webhook-source";
import { createLimiter } from "@/server/infra/ratelimit/create-limiter";
import type { RateLimiter } from "@/server/infra/ratelimit/limiter-port";
import { RATE_LIMIT_POLICIES, type PolicyTable } from "@/server/infra/ratelimit/policies";
import { resetPorts } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { startTestBridge } from "../fakes/upstash-redis/start-test-bridge";
import { countingBody, postRequest } from "../helpers/counting-body";
import { createPipelineWorkspace, demoBody } from "../helpers/pipeline";

// The channel resolver, spied on: a throttled delivery must never reach it.
vi.mock("@/server/channels/resolve-channel", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/channels/resolve-channel")>();
  return { ...original, resolveChannel: vi.fn(original.resolveChannel) };
});
const lookups = vi.mocked(resolveChannel);

let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
const FORGER = "203.0.113.7";
const PLATFORM = "198.51.100.20";
const silent = { warn: () => {}, error: () => {} } as never;

function installLimiter(limiter: RateLimiter) {
  const g = globalThis as unknown as { leadlinePorts?: { limiter?: RateLimiter } };
  (g.leadlinePorts ??= {}).limiter = limiter;
}

function localLimiter(overrides: Partial<PolicyTable> = {}): RateLimiter {
  return createLimiter({ kind: "local" }, { logger: silent, policies: { ...RATE_LIMIT_POLICIES, ...overrides } });
}

async function deliver(ip: string, options: { forged?: boolean; text?: string; body?: BodyInit } = {}) {
  const { POST } = await import("@/app/api/webhooks/[platform]/route");
  const event = demoBody(ws.externalId, options.text ?? "Is the Pro plan monthly?");
  const signature = options.forged ? signDemoPayload(event, "not-the-secret") : signDemoPayload(event, ws.secret);
  const req = postRequest("http://x/api/webhooks/demo", options.body ?? event, { [DEMO_SIGNATURE_HEADER]: signature, "x-forwarded-for": ip });
  return POST(req, { params: Promise.resolve({ platform: "demo" }) });
}

async function messageCount(): Promise<number> {
  return withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count());
}

beforeAll(async () => {
  process.env.TRUST_PROXY = "1";
  resetEnvCache();
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
});

beforeEach(() => {
  resetPorts();
  forgetRefusedSources();
  lookups.mockClear();
});

afterEach(() => {
  resetPorts();
  forgetRefusedSources();
});

afterAll(async () => {
  delete process.env.TRUST_PROXY;
  resetEnvCache();
  await stopQueue();
});

describe("bad signatures are throttled per source before the channel lookup", () => {
  it("cuts a flood of forged deliveries off with 429 + Retry-After, and stops looking channels up", async () => {
    const failures = RATE_LIMIT_POLICIES["webhook-bad-signature"].limit;
    for (let i = 0; i < failures; i += 1) expect((await deliver(FORGER, { forged: true })).status).toBe(401);
    const lookupsWhenCut = lookups.mock.calls.length;
    expect(lookupsWhenCut).toBeGreaterThan(0);

    for (let i = 0; i < 30; i += 1) {
      const res = await deliver(FORGER, { forged: true });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/invalid signature/) } });
    }
    // Neither the cached lookup nor the fresh re-read after a mismatch ran for the refused ones.
    expect(lookups.mock.calls.length).toBe(lookupsWhenCut);
    // Even a correctly signed delivery from the refused source waits for the window.
    expect((await deliver(FORGER)).status).toBe(429);
  });

  it("keeps good deliveries working: from other sources during a flood, and from a busy source (only failures count)", async () => {
    for (let i = 0; i < RATE_LIMIT_POLICIES["webhook-bad-signature"].limit + 5; i += 1) await deliver(FORGER, { forged: true });
    expect((await deliver(FORGER, { forged: true })).status).toBe(429);

    const before = await messageCount();
    const good = RATE_LIMIT_POLICIES["webhook-bad-signature"].limit * 2;
    for (let i = 0; i < good; i += 1) expect((await deliver(PLATFORM, { text: `Good delivery ${i}` })).status).toBe(200);
    // A platform address with an occasional failure (a rotated secret) is not cut off either.
    expect((await deliver(PLATFORM, { forged: true })).status).toBe(401);
    expect((await deliver(PLATFORM)).status).toBe(200);
    expect(await messageCount()).toBe(before + good + 1);
  });

  it("without TRUST_PROXY no source can be told apart, so forged deliveries never lock genuine ones out", async () => {
    process.env.TRUST_PROXY = "0";
    resetEnvCache();
    try {
      for (let i = 0; i < RATE_LIMIT_POLICIES["webhook-bad-signature"].limit + 5; i += 1) expect((await deliver(FORGER, { forged: true })).status).toBe(401);
      const before = await messageCount();
      expect((await deliver(PLATFORM, { text: "Genuine after a forged flood" })).status).toBe(200);
      expect(await messageCount()).toBe(before + 1);
    } finally {
      process.env.TRUST_PROXY = "1";
      resetEnvCache();
    }
  });

  it("counts every delivery per source, refused before the body is read or a channel looked up", async () => {
    installLimiter(localLimiter({ "webhook-source": { ...RATE_LIMIT_POLICIES["webhook-source"], limit: 3 } }));
    for (let i = 0; i < 3; i += 1) expect((await deliver(PLATFORM)).status).toBe(200);
    const lookupsBefore = lookups.mock.calls.length;
    const body = countingBody(64 * 1024 * 1024);
    const res = await deliver(PLATFORM, { body: body.stream });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(body.pulled()).toBe(0);
    expect(lookups.mock.calls.length).toBe(lookupsBefore);
    // Another source has its own count.
    expect((await deliver("198.51.100.21")).status).toBe(200);
  });

  it("does not give a fresh count to a rotated, unknown platform segment", async () => {
    installLimiter(localLimiter({ "webhook-source": { ...RATE_LIMIT_POLICIES["webhook-source"], limit: 2 } }));
    const { POST } = await import("@/app/api/webhooks/[platform]/route");
    const statuses: number[] = [];
    for (const platform of ["nope1", "nope2", "nope3", "nope4"]) {
      const res = await POST(postRequest(`http://x/api/webhooks/${platform}`, "{}", { "x-forwarded-for": FORGER }), { params: Promise.resolve({ platform }) });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([404, 404, 429, 429]);
  });
});

describe("when the limiter's store is down", () => {
  it("fails open as the webhook policies say: good deliveries stored, forged ones 401, never a 500", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    installLimiter(createLimiter({ kind: "upstash", url: gone.url, token: gone.token, timeoutMs: 300 }, { logger: silent }));
    const before = await messageCount();
    expect((await deliver(PLATFORM)).status).toBe(200);
    for (let i = 0; i < RATE_LIMIT_POLICIES["webhook-bad-signature"].limit + 3; i += 1) expect((await deliver(FORGER, { forged: true })).status).toBe(401);
    expect(await messageCount()).toBe(before + 1);
  });

  it("answers 429 with Retry-After, not 500, where a policy is set to fail closed", async () => {
    const gone = await startTestBridge();
    await gone.stop();
    const closed: PolicyTable = { ...RATE_LIMIT_POLICIES, "webhook-source": { ...RATE_LIMIT_POLICIES["webhook-source"], onOutage: "fail-closed" } };
    installLimiter(createLimiter({ kind: "upstash", url: gone.url, token: gone.token, timeoutMs: 300 }, { logger: silent, policies: closed }));
    const res = await deliver(PLATFORM);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(lookups).not.toHaveBeenCalled();
  });
});
