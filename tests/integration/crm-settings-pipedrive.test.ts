import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { startPipedriveFake, type PipedriveFake } from "../fakes/pipedrive/server";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

// Relayed jobs stay in the outbox table (no sync runs against the fake behind the test's back).
vi.mock("@/server/infra/outbox/app-publisher", () => ({
  appPublisher: () => ({
    publishJobs: async () => Promise.reject(new Error("held for the test")),
    publishEvent: async () => Promise.reject(new Error("held for the test")),
  }),
}));

/**
 * Settings -> CRM with the real registry and the real Pipedrive connector against the local
 * Pipedrive fake (its wire format, errors and faults): connect by API token, fields, mapping
 * checked by the connector, a revoked token marking the connection for re-auth.
 */
const ENV_KEYS = ["PIPEDRIVE_API_URL", "PIPEDRIVE_OAUTH_URL", "PIPEDRIVE_TIMEOUT_MS"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let fake: PipedriveFake;
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let token: string;

const admin = () => callerFor(team.members.ADMIN.userId, team.workspaceId);
const connections = () => withTenant({ workspaceId: team.workspaceId }, (tx) => tx.crmConnection.findMany({ where: { workspaceId: team.workspaceId } }));
const park = () => withTenant({ workspaceId: team.workspaceId }, (tx) => tx.crmConnection.updateMany({ where: { workspaceId: team.workspaceId }, data: { nextSyncAt: new Date("2999-01-01T00:00:00Z") } }));

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  fake = await startPipedriveFake();
  Object.assign(process.env, { PIPEDRIVE_API_URL: fake.url, PIPEDRIVE_OAUTH_URL: fake.url, PIPEDRIVE_TIMEOUT_MS: "500" });
  resetEnvCache();
  token = fake.rotateApiToken();
  team = await createWorkspaceWithTeam("Pipedrive settings");
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
  await fake.close();
});

beforeEach(() => fake.faults.clear());

describe("connecting Pipedrive by API token (real connector, Pipedrive fake)", () => {
  it("a wrong token: refused with Pipedrive's answer, the token never echoed, nothing stored", async () => {
    const wrong = "ffffffffffffffffffffffffffffffffffffffff";
    const error = await failure(admin().crm.connectApiToken({ provider: "PIPEDRIVE", token: wrong }));
    expect(error.message).toMatch(/^Pipedrive refused the credentials/);
    expect(error.message).not.toContain(wrong);
    expect(await connections()).toEqual([]);
  });

  it("Pipedrive failing (5xx, 429 with its reset, a timeout): a clear error each time, nothing stored", async () => {
    fake.faults.inject("users.me", { kind: "server-error", status: 503 });
    expect((await failure(admin().crm.connectApiToken({ provider: "PIPEDRIVE", token }))).message).toMatch(/^Pipedrive did not answer/);
    fake.faults.inject("users.me", { kind: "rate-limit", resetInSeconds: 2 });
    const limited = await failure(admin().crm.connectApiToken({ provider: "PIPEDRIVE", token }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/rate-limiting this account/);
    fake.faults.inject("users.me", { kind: "timeout", delayMs: 2_000 });
    expect((await failure(admin().crm.connectApiToken({ provider: "PIPEDRIVE", token }))).message).toMatch(/^Pipedrive did not answer/);
    expect(await connections()).toEqual([]);
  });

  it("the right token: stored encrypted, labelled with the company", async () => {
    const result = await admin().crm.connectApiToken({ provider: "PIPEDRIVE", token });
    expect(result.label).toBe("Owen Bikes");
    const [row] = await connections();
    expect(decrypt(row?.credentialsEnc ?? "")).toBe(token);
    expect(row?.credentialsEnc).not.toContain(token);
    await park();
  });

  it("fields come from Pipedrive; a mapping to a field Pipedrive lacks is refused, a real one saved", async () => {
    const connectionId = (await connections())[0]?.id ?? "";
    const fields = await admin().crm.fields({ connectionId });
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(["name", "email", "phone"]));
    const missing = "0123456789abcdef0123456789abcdef0123dead";
    const refused = await failure(admin().crm.updateMapping({ connectionId, mapping: { name: "name", score: missing } }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toMatch(/^Pipedrive does not accept this set-up/);
    expect((await connections())[0]?.fieldMapping).not.toHaveProperty("score");
    await admin().crm.updateMapping({ connectionId, mapping: { name: "name", email: "email" } });
    expect((await connections())[0]?.fieldMapping).toEqual({ name: "name", email: "email" });
  });

  it("a token revoked in Pipedrive: Test says so and the connection needs reconnecting; a new token restores it", async () => {
    const connectionId = (await connections())[0]?.id ?? "";
    const fresh = fake.rotateApiToken();
    expect((await failure(admin().crm.test({ connectionId }))).message).toMatch(/refused the credentials/);
    expect((await connections())[0]?.status).toBe("NEEDS_REAUTH");
    await admin().crm.connectApiToken({ provider: "PIPEDRIVE", token: fresh });
    expect((await connections())[0]).toMatchObject({ status: "ACTIVE", fieldMapping: { name: "name", email: "email" } });
    await expect(admin().crm.test({ connectionId })).resolves.toEqual({ account: "Owen Bikes" });
    await park();
  });
});
