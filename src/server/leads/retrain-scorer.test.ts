import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { countQueries } from "../../../scripts/bench/count-queries";
import { createWorkspaceWithTeam } from "../../../tests/helpers/factories";
import { encrypt } from "../infra/crypto/field-crypto";
import { withTenant } from "../infra/db/tenant";
import { loadTrainingExamples, retrainScorer } from "./retrain-scorer";

/**
 * Retraining reads a workspace's outcomes in a fixed number of statements (issue 11, finding 9):
 * counted on the wire (every query `pg` sends in this process), never timed.
 */
const LEADS = 3_000;
const queries = countQueries();

let ws: string;

/** `n` won/lost leads, each with a contact, a conversation, two processed inbound messages and (for some) a sent reply; set-based inserts. */
async function seedOutcomes(workspaceId: string, n: number) {
  const wonText = encrypt("How much for 3 bags? I want to order today, urgent");
  const lostText = encrypt("nice pic lol");
  const name = encrypt("Noor Haddad");
  const uid = encrypt("platform-user");
  await withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    await tx.$executeRaw`
      WITH s AS (SELECT g, g % 2 = 0 AS won FROM generate_series(1, ${n}::int) g),
      ct AS (
        INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "displayNameEnc", followers, verified, "createdAt", "updatedAt")
        SELECT 'ct' || g, ${workspaceId}, ${channel.id}, 'h' || g, ${uid}, ${name}, CASE WHEN won THEN 5000 + g ELSE 10 END, false, now(), now() FROM s RETURNING id
      ),
      ld AS (
        INSERT INTO leads (id, "workspaceId", "contactId", status, "updatedAt")
        SELECT 'ld' || g, ${workspaceId}, 'ct' || g, (CASE WHEN won THEN 'WON' ELSE 'LOST' END)::"LeadStatus", now() FROM s WHERE EXISTS (SELECT 1 FROM ct WHERE ct.id = 'ct' || g) RETURNING id
      )
      INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "createdAt", "updatedAt")
      SELECT 'cv' || g, ${workspaceId}, ${channel.id}, 'ct' || g, 'DM', 't' || g, now(), now() FROM s WHERE EXISTS (SELECT 1 FROM ld WHERE ld.id = 'ld' || g)`;
    await tx.$executeRaw`
      INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", status, "textEnc", intent, "intentConfidence", "sentAt", "receivedAt")
      SELECT 'ms' || g || '-' || k, ${workspaceId}, ${channel.id}, 'cv' || g, 'INBOUND', 'pm' || g || '-' || k, 'PROCESSED',
             CASE WHEN g % 2 = 0 THEN ${wonText} ELSE ${lostText} END, (CASE WHEN g % 2 = 0 THEN 'SALES' ELSE 'OTHER' END)::"Intent", 0.9,
             now() - make_interval(days => 3 - k), now()
      FROM generate_series(1, ${n}::int) g, generate_series(1, 2) k`;
    await tx.$executeRaw`
      INSERT INTO replies (id, "workspaceId", "conversationId", source, status, "textEnc", "updatedAt")
      SELECT 'rp' || g, ${workspaceId}, 'cv' || g, 'AI', 'SENT', ${lostText}, now() FROM generate_series(1, ${n}::int, 3) g`;
  });
}

beforeAll(async () => {
  ws = (await createWorkspaceWithTeam("Retrain at scale")).workspaceId;
  await seedOutcomes(ws, LEADS);
  // What autovacuum does after a bulk insert: without statistics the planner takes every table for one row.
  const owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
  await owner.connect();
  await owner.query("ANALYZE contacts, leads, conversations, messages, replies");
  await owner.end();
}, 120_000);

describe("scorer retraining at scale", () => {
  it(`trains on ${LEADS} leads in a handful of queries, not one or two per lead`, async () => {
    const before = queries();
    const result = await retrainScorer(ws, null);
    const used = queries().app - before.app;
    expect(result).toMatchObject({ trained: true, examples: LEADS });
    expect(used).toBeLessThan(15);
    expect(await withTenant({ workspaceId: ws }, (tx) => tx.scorerModel.findUniqueOrThrow({ where: { workspaceId: ws } }))).toMatchObject({ examples: LEADS });
  }, 120_000);

  it("reads each lead's history as the per-lead code did: last message, messages before it, days since the first, replies sent", async () => {
    const examples = await withTenant({ workspaceId: ws }, (tx) => loadTrainingExamples(tx, ws));
    expect(examples).toHaveLength(LEADS);
    const byOutcome = (won: boolean) => examples.filter((e) => e.won === won);
    expect(byOutcome(true)).toHaveLength(LEADS / 2);
    const first = examples[0]!;
    expect(first.input.history.previousMessages).toBe(1);
    expect(first.input.history.daysSinceFirstContact).toBeCloseTo(1, 5);
    expect(first.input.text).not.toContain("Noor Haddad");
    // Replies were sent to every third lead (1, 4, 7...): counted per lead, from one grouped read.
    expect(examples.filter((e) => e.input.history.businessReplies === 1)).toHaveLength(Math.ceil(LEADS / 3));
    expect(new Set(byOutcome(true).map((e) => e.input.intent))).toEqual(new Set(["sales"]));
  });

  it("a database failure mid-read fails the job (retried by the queue) and keeps the current model", async () => {
    const before = await withTenant({ workspaceId: ws }, (tx) => tx.scorerModel.findUniqueOrThrow({ where: { workspaceId: ws } }));
    const tenant = await import("../infra/db/tenant");
    const real = tenant.withTenant;
    const spy = vi.spyOn(tenant, "withTenant").mockImplementationOnce((scope, fn) =>
      real(scope, async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = 1`;
        return fn(tx);
      }),
    );
    await expect(retrainScorer(ws, null)).rejects.toThrow();
    spy.mockRestore();
    const after = await withTenant({ workspaceId: ws }, (tx) => tx.scorerModel.findUniqueOrThrow({ where: { workspaceId: ws } }));
    expect(after.trainedAt).toEqual(before.trainedAt);
  }, 60_000);
});
