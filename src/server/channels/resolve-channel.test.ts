import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";
import { createWorkspaceWithTeam } from "../../../tests/helpers/factories";
import { encrypt } from "../infra/crypto/field-crypto";
import { db, disconnectDb } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { forgetChannel, resolveChannel } from "./resolve-channel";

let workspaceId: string;
let channelId: string;
let externalId: string;
let secret: string;

async function setSecret(value: string) {
  await withTenant({ workspaceId }, (tx) => tx.channel.update({ where: { id: channelId }, data: { secretEnc: encrypt(value) } }));
}

/** Counts the routing-table reads resolveChannel makes (one per cache miss). */
const countRouteReads = () => vi.spyOn(db().channelRoute, "findUnique");

beforeAll(async () => {
  ({ workspaceId } = await createWorkspaceWithTeam("Routes"));
  externalId = `demo-${workspaceId}`;
  const channel = await withTenant({ workspaceId }, (tx) => tx.channel.findUniqueOrThrow({ where: { platform_externalId: { platform: "DEMO", externalId } } }));
  channelId = channel.id;
  secret = randomBytes(24).toString("base64url");
  await setSecret(secret);
});

afterEach(() => {
  vi.restoreAllMocks();
  forgetChannel("DEMO", externalId);
});

afterAll(async () => {
  await disconnectDb();
});

describe("resolveChannel", () => {
  it("resolves a Demo channel to its workspace, channel and decrypted secret", async () => {
    expect(await resolveChannel("DEMO", externalId)).toEqual({ workspaceId, channelId, secret });
  });

  it("answers null for a channel no workspace has, and for a known id on another platform", async () => {
    expect(await resolveChannel("DEMO", `demo-nobody-${randomBytes(4).toString("hex")}`)).toBeNull();
    expect(await resolveChannel("FACEBOOK", externalId)).toBeNull();
  });

  it("reads the database once, then answers from its cache until asked for a fresh read", async () => {
    const reads = countRouteReads();
    expect((await resolveChannel("DEMO", externalId))?.secret).toBe(secret);
    expect((await resolveChannel("DEMO", externalId))?.secret).toBe(secret);
    expect(reads).toHaveBeenCalledTimes(1);

    // A rotated secret is not seen from the cache (bounded staleness)...
    const rotated = randomBytes(24).toString("base64url");
    await setSecret(rotated);
    try {
      expect((await resolveChannel("DEMO", externalId))?.secret).toBe(secret);
      expect(reads).toHaveBeenCalledTimes(1);
      // ...but at once with `fresh`, which also refreshes the cache for later callers.
      expect((await resolveChannel("DEMO", externalId, { fresh: true }))?.secret).toBe(rotated);
      expect((await resolveChannel("DEMO", externalId))?.secret).toBe(rotated);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      await setSecret(secret);
    }
  });

  it("reads again after forgetChannel", async () => {
    const reads = countRouteReads();
    await resolveChannel("DEMO", externalId);
    const rotated = randomBytes(24).toString("base64url");
    await setSecret(rotated);
    try {
      forgetChannel("DEMO", externalId);
      expect((await resolveChannel("DEMO", externalId))?.secret).toBe(rotated);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      await setSecret(secret);
    }
  });

  it("remembers an unknown channel too (a flood of bad webhooks costs one read)", async () => {
    const unknown = `demo-nobody-${randomBytes(4).toString("hex")}`;
    const reads = countRouteReads();
    for (let i = 0; i < 5; i += 1) expect(await resolveChannel("DEMO", unknown)).toBeNull();
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("rejects when the database is down, without a secret or password in the error", async () => {
    await resolveChannel("DEMO", externalId); // cached with its secret in this process
    // Point the process' database handles (the Prisma client and, where there is one, its pool) at nothing.
    const g = globalThis as unknown as { leadlineDb?: PrismaClient; leadlinePool?: pg.Pool };
    const real = { db: g.leadlineDb, pool: g.leadlinePool };
    const password = "pw-" + randomBytes(8).toString("hex");
    const pool = new pg.Pool({ connectionString: `postgresql://leadline_app:${password}@127.0.0.1:1/nowhere`, connectionTimeoutMillis: 2_000 });
    const down = new PrismaClient({ adapter: new PrismaPg(pool) });
    g.leadlineDb = down;
    if ("leadlinePool" in g) g.leadlinePool = pool;
    try {
      const error = await resolveChannel("DEMO", externalId, { fresh: true }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const text = `${(error as Error).message} ${String((error as Error).cause ?? "")}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(password);
    } finally {
      g.leadlineDb = real.db;
      if ("leadlinePool" in g) g.leadlinePool = real.pool;
      await down.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    }
    // Back up: resolves again.
    expect((await resolveChannel("DEMO", externalId, { fresh: true }))?.secret).toBe(secret);
  });
});

describe("resolveChannel with ids no channel could have", () => {
  it("answers unknown without asking the database for NUL, control characters, lone surrogates or an over-long id", async () => {
    const reads = countRouteReads();
    for (const id of ["a\u0000b", "tab\there", "\uD800x", "x\uDC00", "x".repeat(201), ""]) {
      expect(await resolveChannel("DEMO", id)).toBeNull();
    }
    expect(reads).not.toHaveBeenCalled();
  });
});
