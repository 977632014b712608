import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { decrypt, encrypt, keyIdOf, resetKeyRing } from "@/server/infra/crypto/field-crypto";
import { ENCRYPTED_COLUMNS, reencryptAll, type ReencryptProgress } from "@/server/infra/crypto/reencrypt-all";
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
    expect((await reencryptAll({ workspaceIds: [workspaceId] })).rows).toBe(0); // idempotent (other files write meanwhile, so only this tenant)
  });

  /** A workspace with `n` messages on the current active key (k2), and their texts by id. */
  async function workspaceWithMessages(n: number) {
    const { workspaceId } = await createWorkspaceWithTeam("Rotate many");
    const texts = new Map<string, string>();
    await withTenant({ workspaceId }, async (tx) => {
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: `h-${workspaceId}`, platformUserIdEnc: encrypt("u-1") } });
      const conversation = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: `t-${workspaceId}` } });
      for (let i = 0; i < n; i += 1) {
        const text = `message number ${i}`;
        const m = await tx.message.create({ data: { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `m-${i}`, textEnc: encrypt(text), sentAt: new Date() } });
        texts.set(m.id, text);
      }
    });
    return { workspaceId, texts };
  }
  const messagesOf = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.message.findMany({ select: { id: true, textEnc: true } }));
  const k3First = () => `${k3},${original.split(",").filter((k) => !k.startsWith("k3:")).join(",")}`;

  it("works in bounded batches (one transaction each) and says how far it got", async () => {
    const { workspaceId, texts } = await workspaceWithMessages(23);
    useKeys(k3First());
    const progress: ReencryptProgress[] = [];
    await reencryptAll({ batchSize: 5, workspaceIds: [workspaceId], onProgress: (p) => progress.push(p) });
    expect(new Set(progress.map((p) => p.workspaceId))).toEqual(new Set([workspaceId]));
    const mine = progress.filter((p) => p.table === "messages");
    expect(mine.map((p) => p.batchRows)).toEqual([5, 5, 5, 5, 3]);
    expect(mine.at(-1)!.tableRows).toBe(23);
    for (const p of progress) expect(p.batchRows).toBeLessThanOrEqual(5);
    for (const m of await messagesOf(workspaceId)) {
      expect(keyIdOf(m.textEnc!)).toBe("k3");
      expect(decrypt(m.textEnc!)).toBe(texts.get(m.id));
    }
  });

  it("a run that dies part-way keeps its committed batches; the rerun continues and skips them", async () => {
    const { workspaceId } = await workspaceWithMessages(12);
    useKeys(k3First());
    const only = { workspaceIds: [workspaceId] };
    let batches = 0;
    const crash = reencryptAll({
      ...only,
      batchSize: 4,
      onProgress: (p) => {
        if (p.workspaceId === workspaceId && p.table === "messages" && ++batches === 2) throw new Error("process killed");
      },
    });
    await expect(crash).rejects.toThrow("process killed");
    const afterCrash = await messagesOf(workspaceId);
    expect(afterCrash.filter((m) => keyIdOf(m.textEnc!) === "k3")).toHaveLength(8);
    expect(afterCrash.filter((m) => keyIdOf(m.textEnc!) === "k2")).toHaveLength(4);

    const resumed: ReencryptProgress[] = [];
    await reencryptAll({ ...only, batchSize: 4, onProgress: (p) => resumed.push(p) });
    expect(resumed.filter((p) => p.workspaceId === workspaceId && p.table === "messages").map((p) => p.batchRows)).toEqual([4]);
    expect((await messagesOf(workspaceId)).every((m) => keyIdOf(m.textEnc!) === "k3")).toBe(true);
    expect((await reencryptAll({ ...only, batchSize: 4 })).rows).toBe(0);
  });

  it("stops with a clear error on a value no key opens, losing nothing (the value stays, earlier batches stay done)", async () => {
    const { workspaceId } = await workspaceWithMessages(6);
    const ids = (await messagesOf(workspaceId)).map((m) => m.id).sort();
    const broken = "v1.k9.AAAAAAAAAAAAAAAA.BBBBBBBBBBBB";
    await withTenant({ workspaceId }, (tx) => tx.message.update({ where: { id: ids[4]! }, data: { textEnc: broken } }));
    useKeys(k3First());
    const error = await reencryptAll({ batchSize: 2, workspaceIds: [workspaceId] }).then(() => new Error("expected the run to stop"), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/no decryption key with id "k9"/);
    const rows = new Map((await messagesOf(workspaceId)).map((m) => [m.id, m.textEnc!]));
    expect(rows.get(ids[4]!)).toBe(broken);
    expect(ids.slice(0, 4).map((id) => keyIdOf(rows.get(id)!))).toEqual(["k3", "k3", "k3", "k3"]);
  });
});
