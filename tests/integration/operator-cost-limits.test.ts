import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { withTenant, withUser } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { AppError } from "@/server/infra/errors/app-error";
import { RATE_LIMIT_POLICIES } from "@/server/infra/ratelimit/policies";
import { rateLimiter } from "@/server/infra/runtime/ports";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { createUser, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Issue 11, finding 8: an account cannot open workspaces without end nor drive the pipeline
 * through the Demo channel at API speed, and a new workspace starts with an AI budget.
 */
const saved = { perDay: process.env.WORKSPACES_PER_ACCOUNT_PER_DAY, max: process.env.WORKSPACES_PER_ACCOUNT_MAX, appUrl: process.env.APP_URL };
let sink: Server;
const posted: string[] = [];

beforeAll(async () => {
  // demo.send posts its signed webhook to APP_URL: this sink stands in for the app and records what arrived.
  sink = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      posted.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  process.env.APP_URL = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  process.env.WORKSPACES_PER_ACCOUNT_PER_DAY = "2";
  process.env.WORKSPACES_PER_ACCOUNT_MAX = "3";
  resetEnvCache();
});

afterAll(async () => {
  sink.close();
  for (const [key, value] of [["WORKSPACES_PER_ACCOUNT_PER_DAY", saved.perDay], ["WORKSPACES_PER_ACCOUNT_MAX", saved.max], ["APP_URL", saved.appUrl]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
});

afterEach(() => {
  posted.length = 0;
});

const myWorkspaces = (userId: string) => withUser(userId, (tx) => tx.membership.count({ where: { userId } }));
const myCreations = (userId: string) => withUser(userId, (tx) => tx.workspaceCreation.count({ where: { userId } }));

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("workspace creation per account", () => {
  it("refuses the creation past the daily limit with RATE_LIMITED and Retry-After, and creates nothing", async () => {
    const { userId } = await createUser("creator");
    await createWorkspace(userId, { name: "First" });
    await createWorkspace(userId, { name: "Second" });
    const error = await refusal(createWorkspace(userId, { name: "Third" }));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/2 workspaces a day/);
    // Until the first creation is a day old.
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(24 * 3600 - 60);
    expect(error.details?.retryAfterSeconds).toBeLessThanOrEqual(24 * 3600);
    expect(await myWorkspaces(userId)).toBe(2);
    expect(await myCreations(userId)).toBe(2);
  });

  it("answers the tRPC call 429 with a Retry-After header", async () => {
    const { userId } = await createUser("trpc-creator");
    const resHeaders = new Headers();
    const caller = createCaller({ userId, workspaceId: null, ip: "10.1.1.1", resHeaders });
    await caller.workspace.create({ name: "One" });
    await caller.workspace.create({ name: "Two" });
    const error = await caller.workspace.create({ name: "Three" }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect(Number(resHeaders.get("retry-after"))).toBeGreaterThan(3600);
  });

  it("refuses for good past the total per account (FORBIDDEN), counting workspaces created long ago", async () => {
    const { userId } = await createUser("veteran");
    // Three creations from last month (their workspaces since deleted: the rows stay and count).
    for (let i = 0; i < 3; i++) {
      await withTenant({ workspaceId: `ws_gone_${userId}_${i}`, userId }, (tx) =>
        tx.workspaceCreation.create({ data: { id: `old_${userId}_${i}`, userId, workspaceId: `ws_gone_${userId}_${i}`, createdAt: new Date(Date.now() - 30 * 24 * 3600 * 1000) } }),
      );
    }
    const error = await refusal(createWorkspace(userId, { name: "Fourth" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/most workspaces it may \(3\)/);
    expect(await myWorkspaces(userId)).toBe(0);
  });

  it("lets only the allowed number through when requests race", async () => {
    const { userId } = await createUser("racer");
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => createWorkspace(userId, { name: `Race ${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as AppError).code);
    expect(refused).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    expect(await myWorkspaces(userId)).toBe(2);
  });

  it("does not count another account's creations", async () => {
    const a = await createUser("a");
    const b = await createUser("b");
    await createWorkspace(a.userId, { name: "A1" });
    await createWorkspace(a.userId, { name: "A2" });
    await expect(createWorkspace(b.userId, { name: "B1" })).resolves.toMatchObject({ workspaceId: expect.any(String) });
  });

  it("starts a new workspace with the default monthly AI budget, admins may change it", async () => {
    const { userId } = await createUser("budget");
    const { workspaceId } = await createWorkspace(userId, { name: "Budgeted" });
    const caller = createCaller({ userId, workspaceId, ip: "10.1.1.2", resHeaders: new Headers() });
    expect((await caller.workspace.current()).settings.monthlyAiBudgetUsd).toBe(20);
    await caller.workspace.updateSettings({ monthlyAiBudgetUsd: null });
    expect((await caller.workspace.current()).settings.monthlyAiBudgetUsd).toBeNull();
  });
});

describe("demo sends", () => {
  it("are limited per workspace: the send past the limit is refused with Retry-After and never posted", async () => {
    const team = await createWorkspaceWithTeam("Demo limits");
    const resHeaders = new Headers();
    const caller = createCaller({ userId: team.members.AGENT.userId, workspaceId: team.workspaceId, ip: "10.1.2.1", resHeaders });
    const limit = RATE_LIMIT_POLICIES["demo-send"].limit;
    for (let i = 0; i < limit; i++) await caller.demo.send({ name: "Jamie", handle: "jamie", text: `Hello ${i}` });
    expect(posted).toHaveLength(limit);
    const error = await caller.demo.send({ name: "Jamie", handle: "jamie", text: "One too many" }).then(() => null, (e: unknown) => e);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/limited per minute/);
    expect(Number(resHeaders.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(posted).toHaveLength(limit);
    expect(posted.join("\n")).not.toContain("One too many");
  });

  it("are limited per account across its workspaces", async () => {
    const team = await createWorkspaceWithTeam("Demo account limits");
    const userId = team.members.ADMIN.userId;
    // The account spent its daily allowance (in other workspaces, say).
    for (let i = 0; i < RATE_LIMIT_POLICIES["demo-send-account"].limit; i++) await rateLimiter().limit("demo-send-account", userId);
    const resHeaders = new Headers();
    const caller = createCaller({ userId, workspaceId: team.workspaceId, ip: "10.1.2.2", resHeaders });
    const error = await caller.demo.send({ name: "Jamie", handle: "jamie", text: "Hello" }).then(() => null, (e: unknown) => e);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/demo messages for today/);
    expect(Number(resHeaders.get("retry-after"))).toBeGreaterThan(60);
    expect(posted).toHaveLength(0);
    // Another member of the same workspace still has an allowance of their own.
    const agent = createCaller({ userId: team.members.AGENT.userId, workspaceId: team.workspaceId, ip: "10.1.2.3", resHeaders: new Headers() });
    await expect(agent.demo.send({ name: "Jamie", handle: "jamie", text: "Hello" })).resolves.toMatchObject({ platformMessageId: expect.any(String) });
  });

  it("refuses bad input with field errors before counting or posting anything", async () => {
    const team = await createWorkspaceWithTeam("Demo input");
    const caller = createCaller({ userId: team.members.AGENT.userId, workspaceId: team.workspaceId, ip: "10.1.2.4", resHeaders: new Headers() });
    const error = await caller.demo.send({ name: "", handle: "bad handle!", text: "" }).then(() => null, (e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(posted).toHaveLength(0);
    const result = await rateLimiter().limit("demo-send", team.workspaceId);
    expect(result.remaining).toBe(RATE_LIMIT_POLICIES["demo-send"].limit - 1);
  });
});
