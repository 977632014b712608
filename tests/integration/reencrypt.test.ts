import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { decrypt, keyIdOf, resetKeyRing } from "@/server/infra/crypto/field-crypto";
import { ENCRYPTED_COLUMNS, reencryptAll } from "@/server/infra/crypto/reencrypt-all";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { db } from "@/server/infra/db/client";
import { createWorkspaceWithTeam } from "../helpers/factories";
import { withTenant } from "@/server/infra/db/tenant";

const original = process.env.ENCRYPTION_KEYS!;
const k3 = `k3:${Buffer.alloc(32, 3).toString("base64")}`;

function useKeys(spec: string) {
  process.env.ENCRYPTION_KEYS = spec;
  resetEnvCache();
  resetKeyRing();
}

afterEach(() => useKeys(original));

describe("key rotation", () => {
  it("lists every encrypted column of the schema", async () => {
    const owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
    await owner.connect();
    const { rows } = await owner.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%Enc'`);
    await owner.end();
    const listed = Object.entries(ENCRYPTED_COLUMNS).flatMap(([t, cols]) => cols.map((c) => `${t}.${c}`));
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`).sort()).toEqual(listed.sort());
  });

  it("re-encrypts old values with the new active key; old values stay readable before and after", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Rotate");
    const before = await db().user.findUniqueOrThrow({ where: { id: members.ADMIN.userId } });
    expect(keyIdOf(before.emailEnc)).toBe("k2");

    useKeys(`${k3},${original.split(",").filter((k) => !k.startsWith("k3:")).join(",")}`);
    expect(decrypt(before.emailEnc)).toBe(members.ADMIN.email); // old key still readable
    const result = await reencryptAll();
    expect(result.rows).toBeGreaterThan(0);

    const after = await db().user.findUniqueOrThrow({ where: { id: members.ADMIN.userId } });
    expect(keyIdOf(after.emailEnc)).toBe("k3");
    expect(decrypt(after.emailEnc)).toBe(members.ADMIN.email);
    const invite = await withTenant({ workspaceId }, (tx) => tx.invitation.findMany());
    for (const i of invite) expect(keyIdOf(i.emailEnc)).toBe("k3");
    expect((await reencryptAll()).rows).toBe(0); // idempotent
  });
});
