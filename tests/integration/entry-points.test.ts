import { encode } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { resolveActor } from "@/server/access/resolve-actor";
import { withWorkspace } from "@/server/access/with-workspace";
import { workspaceCookie } from "@/server/auth/session-cookie";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { createLimiter } from "@/server/infra/ratelimit/create-limiter";
import type { RateLimiter } from "@/server/infra/ratelimit/limiter-port";
import { RATE_LIMIT_POLICIES } from "@/server/infra/ratelimit/policies";
import { resetPorts } from "@/server/infra/runtime/ports";
import { callerFor, createUser, createWorkspaceWithTeam } from "../helpers/factories";

type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let A: Team;
let B: Team;
let outsider: string;

const silent = { warn: () => {}, error: () => {} } as never;

/** Swaps the rate-limit port the way ports.ts caches it (tests swap ports between cases). */
function installLimiter(limiter: RateLimiter) {
  const g = globalThis as unknown as { leadlinePorts?: { limiter?: RateLimiter } };
  (g.leadlinePorts ??= {}).limiter = limiter;
}

function tinyLimiter(policy: "realtime" | "api" | "ai", limit: number): RateLimiter {
  return createLimiter({ kind: "local" }, { logger: silent, policies: { ...RATE_LIMIT_POLICIES, [policy]: { ...RATE_LIMIT_POLICIES[policy], limit } } });
}

async function headersFor(userId: string | null, workspaceId: string | null, extra: Record<string, string> = {}): Promise<Headers> {
  const parts: string[] = [];
  if (userId) parts.push(`next-auth.session-token=${await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET! })}`);
  if (workspaceId) parts.push(`ll_workspace=${workspaceId}`);
  return new Headers({ cookie: parts.join("; "), ...extra });
}

async function openRealtime(userId: string | null, workspaceId: string | null, extra: Record<string, string> = {}) {
  const { GET } = await import("@/app/api/realtime/route");
  const abort = new AbortController();
  const res = await GET(new Request("http://x/api/realtime", { headers: await headersFor(userId, workspaceId, extra), signal: abort.signal }));
  // Close an open stream at once; error bodies stay readable.
  if (res.status === 200) {
    abort.abort();
    await res.body?.cancel().catch(() => {});
  }
  return res;
}

beforeAll(async () => {
  A = await createWorkspaceWithTeam("Entry A");
  B = await createWorkspaceWithTeam("Entry B");
  outsider = (await createUser("outsider")).userId;
});

afterEach(() => {
  resetPorts();
  resetEnvCache();
});

describe("the realtime stream goes through the one resolver", () => {
  it("opens for a member of the workspace in the cookie", async () => {
    const res = await openRealtime(A.members.VIEWER.userId, A.workspaceId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  });

  it("answers signed out 401, no workspace 400, not a member 404, in the one error shape", async () => {
    const signedOut = await openRealtime(null, A.workspaceId);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } });
    expect((await openRealtime(outsider, null)).status).toBe(400);
    const stranger = await openRealtime(outsider, A.workspaceId);
    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("a membership in another workspace grants nothing here, by cookie or by header", async () => {
    expect((await openRealtime(B.members.ADMIN.userId, A.workspaceId)).status).toBe(404);
    // The explicit header wins over the cookie and is checked the same way.
    expect((await openRealtime(B.members.ADMIN.userId, B.workspaceId, { "x-workspace-id": A.workspaceId })).status).toBe(404);
  });

  it("is rate-limited per workspace (stream opens) with Retry-After", async () => {
    installLimiter(tinyLimiter("realtime", 2));
    expect((await openRealtime(A.members.VIEWER.userId, A.workspaceId)).status).toBe(200);
    expect((await openRealtime(A.members.AGENT.userId, A.workspaceId)).status).toBe(200);
    const limited = await openRealtime(A.members.ADMIN.userId, A.workspaceId);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    // Another tenant's budget is its own.
    expect((await openRealtime(B.members.VIEWER.userId, B.workspaceId)).status).toBe(200);
  });

  it("answers 500 in the one shape, without internals, when the limiter itself fails", async () => {
    installLimiter({ limit: () => Promise.reject(new Error("redis://user:hunter2@cache down")) });
    const res = await openRealtime(A.members.VIEWER.userId, A.workspaceId);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|redis/);
    expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "Something went wrong. Please try again." } });
  });
});

describe("withWorkspace route handlers", () => {
  const agentRoute = withWorkspace({ route: "test.agent", minRole: "AGENT", rateLimit: "api" }, async (_req, actor) =>
    Response.json({ userId: actor.userId, workspaceId: actor.workspaceId, role: actor.role }),
  );
  const call = async (userId: string | null, workspaceId: string | null) => agentRoute(new Request("http://x/test", { headers: await headersFor(userId, workspaceId) }));

  it("a viewer on an agent route is 403; agents and admins pass with their role", async () => {
    expect((await call(A.members.VIEWER.userId, A.workspaceId)).status).toBe(403);
    expect(await (await call(A.members.AGENT.userId, A.workspaceId)).json()).toEqual({ userId: A.members.AGENT.userId, workspaceId: A.workspaceId, role: "AGENT" });
    expect((await call(A.members.ADMIN.userId, A.workspaceId)).status).toBe(200);
  });

  it("a tampered session cookie is signed out", async () => {
    const res = await agentRoute(new Request("http://x/test", { headers: { cookie: `next-auth.session-token=not-a-jwt; ll_workspace=${A.workspaceId}` } }));
    expect(res.status).toBe(401);
  });

  it("hands the handler a tenant transaction scoped to the resolved workspace", async () => {
    const route = withWorkspace({ route: "test.tenant", minRole: "VIEWER", rateLimit: false }, async (_req, actor) =>
      Response.json({ workspaces: await actor.tenant((tx) => tx.workspace.findMany({ select: { id: true } })) }),
    );
    const res = await route(new Request("http://x/test", { headers: await headersFor(A.members.VIEWER.userId, A.workspaceId) }));
    expect(await res.json()).toEqual({ workspaces: [{ id: A.workspaceId }] });
  });
});

describe("public routes still answer errors in the one shape", () => {
  it("webhooks: an oversized body is 413 and an unknown platform is refused before any work", async () => {
    const { POST } = await import("@/app/api/webhooks/[platform]/route");
    const ctx = (platform: string) => ({ params: Promise.resolve({ platform }) });
    const big = await POST(new Request("http://x/api/webhooks/demo", { method: "POST", headers: { "content-length": String(2_000_000) }, body: "{}" }), ctx("demo"));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    const unknown = await POST(new Request("http://x/api/webhooks/nope", { method: "POST", body: "{}" }), ctx("nope"));
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    expect(await unknown.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe("resolveActor and the tRPC builders share the rules", () => {
  it("rejects a malformed workspace id as no workspace", async () => {
    await expect(resolveActor({ userId: A.members.ADMIN.userId, workspaceId: " ".repeat(3) }, { minRole: "VIEWER", rateLimit: false })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a rate-limited procedure is TOO_MANY_REQUESTS and sets Retry-After on the response", async () => {
    installLimiter(tinyLimiter("api", 1));
    const resHeaders = new Headers();
    const { createCaller } = await import("@/server/api/root");
    const caller = createCaller({ userId: A.members.ADMIN.userId, workspaceId: A.workspaceId, ip: "10.9.9.9", resHeaders });
    await caller.workspace.current();
    await expect(caller.workspace.current()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(Number(resHeaders.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("procedures answer the same codes as routes: 404 for another workspace, 403 below the role", async () => {
    await expect(callerFor(B.members.ADMIN.userId, A.workspaceId).workspace.current()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(A.members.VIEWER.userId, A.workspaceId).workspace.updateSettings({} as never)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("one cookie writer, one Secure rule", () => {
  const withEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  };
  const saved = { APP_URL: process.env.APP_URL, SECURE_COOKIES: process.env.SECURE_COOKIES };
  afterEach(() => withEnv(saved));

  it("follows APP_URL's scheme unless SECURE_COOKIES says otherwise, like next-auth's cookie", async () => {
    const { authOptions } = await import("@/server/auth/auth-options");
    withEnv({ APP_URL: "https://app.example.test", SECURE_COOKIES: undefined });
    expect(workspaceCookie("ws_1")).toMatch(/; Secure$/);
    expect(authOptions().useSecureCookies).toBe(true);
    withEnv({ APP_URL: "http://localhost:3000", SECURE_COOKIES: undefined });
    expect(workspaceCookie("ws_1")).not.toMatch(/Secure/);
    expect(authOptions().useSecureCookies).toBe(false);
    withEnv({ APP_URL: "http://localhost:3000", SECURE_COOKIES: "true" });
    expect(workspaceCookie("ws_1")).toMatch(/Secure/);
    expect(authOptions().useSecureCookies).toBe(true);
    expect(workspaceCookie("ws 1")).toMatch(/^ll_workspace=ws%201; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/);
  });
});
