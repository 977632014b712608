import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "@/shared/knowledge-import";
import { importArticles } from "@/server/knowledge/import/import-articles";
import { searchArticles } from "@/server/knowledge/knowledge";
import { withTenant, type Tx } from "@/server/infra/db/tenant";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Settings -> Knowledge's import (issue 13): a CSV or Markdown file previewed (changing nothing),
 * then imported in one transaction by admins only; duplicates by title skipped or replaced;
 * bad files refused whole; one audit entry with counts and no content.
 */
const upload = (fileName: string, text: string) => ({ fileName, contentBase64: Buffer.from(text, "utf8").toString("base64") });

const FAQ_MD = [
  "# Shipping to Norway",
  "Parcels to Norway arrive within 4 business days via Posten.",
  "",
  "```",
  "# tracking codes look like this, not a heading",
  "```",
  "## Gift wrapping",
  "Gift wrapping costs 3 euros per item.",
  "## Returns",
  "Returns are accepted within 60 days.",
].join("\n");

async function snapshot(workspaceId: string) {
  return withTenant({ workspaceId }, async (tx) => ({
    articles: await tx.knowledgeArticle.findMany({ where: { workspaceId }, orderBy: { title: "asc" }, select: { id: true, title: true, body: true, tags: true } }),
    audits: await tx.auditLog.findMany({ where: { workspaceId, action: "knowledge.import" }, select: { actorId: true, metadata: true, targetId: true } }),
  }));
}

async function teamWithReturnsArticle(name: string) {
  const team = await createWorkspaceWithTeam(name);
  const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
  const returns = await admin.knowledge.create({ title: "returns", body: "Returns within 14 days.", tags: ["policy"] });
  return { team, admin, returns };
}

describe("knowledge import", () => {
  it("previews a Markdown file without changing anything: count, titles, duplicates", async () => {
    const { team, admin } = await teamWithReturnsArticle("Import preview");
    const before = await snapshot(team.workspaceId);
    const preview = await admin.knowledge.importPreview(upload("faq.md", FAQ_MD));
    expect(preview).toMatchObject({
      format: "markdown", articleCount: 3, titles: ["Shipping to Norway", "Gift wrapping", "Returns"],
      duplicateCount: 1, duplicateTitles: ["Returns"], problems: [], problemCount: 0, canImport: true,
    });
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });

  it("imports with duplicates skipped: new articles are searchable like hand-made ones, the audit has counts only", async () => {
    const { team, admin, returns } = await teamWithReturnsArticle("Import skip");
    const result = await admin.knowledge.import({ ...upload("faq.md", FAQ_MD), duplicates: "skip" });
    expect(result).toEqual({ created: 2, replaced: 0, skipped: 1 });
    const after = await snapshot(team.workspaceId);
    expect(after.articles.map((a) => a.title).sort()).toEqual(["Gift wrapping", "Shipping to Norway", "returns"]);
    expect(after.articles.find((a) => a.id === returns.id)?.body).toBe("Returns within 14 days.");
    expect(after.articles.find((a) => a.title === "Shipping to Norway")?.body).toContain("# tracking codes look like this");
    const found = await withTenant({ workspaceId: team.workspaceId }, (tx) => searchArticles(tx, team.workspaceId, "gift wrapping cost"));
    expect(found.map((f) => f.title)).toEqual(["Gift wrapping"]);
    expect(after.audits).toEqual([{ actorId: team.members.ADMIN.userId, targetId: null, metadata: { format: "markdown", duplicates: "skip", created: 2, replaced: 0, skipped: 1 } }]);
    expect(JSON.stringify(after.audits)).not.toMatch(/Norway|Gift|Posten/);
  });

  it("the test box answers from an article just imported", async () => {
    const { team, admin } = await teamWithReturnsArticle("Import test bot");
    await admin.knowledge.import({ ...upload("faq.md", FAQ_MD), duplicates: "skip" });
    const answer = await callerFor(team.members.AGENT.userId, team.workspaceId).knowledge.testBot({ question: "How much does gift wrapping cost?" });
    expect(answer.usedArticles.map((a) => a.title)).toContain("Gift wrapping");
    expect(answer.answer).toMatch(/3 euros/);
  });

  it("imports a CSV with duplicates replaced: title and body replaced, tags kept, no other workspace touched", async () => {
    const { team, admin, returns } = await teamWithReturnsArticle("Import replace");
    const other = await teamWithReturnsArticle("Import other tenant");
    const csv = "\uFEFFtitle,body\r\nReturns,\"Returns are free,\r\nwithin 60 days.\"\r\nOpening hours,Mon-Fri 9-17\r\n";
    // The preview counts only this workspace's titles as duplicates.
    expect(await admin.knowledge.importPreview(upload("kb.csv", csv))).toMatchObject({ format: "csv", articleCount: 2, duplicateCount: 1 });
    expect(await admin.knowledge.import({ ...upload("kb.csv", csv), duplicates: "replace" })).toEqual({ created: 1, replaced: 1, skipped: 0 });
    const after = await snapshot(team.workspaceId);
    expect(after.articles).toEqual([
      { id: expect.any(String), title: "Opening hours", body: "Mon-Fri 9-17", tags: [] },
      { id: returns.id, title: "Returns", body: "Returns are free,\nwithin 60 days.", tags: ["policy"] },
    ]);
    const untouched = await snapshot(other.team.workspaceId);
    expect(untouched.articles).toEqual([{ id: other.returns.id, title: "returns", body: "Returns within 14 days.", tags: ["policy"] }]);
    expect(untouched.audits).toEqual([]);
  });

  it("refuses agents and viewers (crafted requests), and members of other workspaces", async () => {
    const { team } = await teamWithReturnsArticle("Import roles");
    const outsider = await createWorkspaceWithTeam("Import outsider");
    const before = await snapshot(team.workspaceId);
    for (const userId of [team.members.AGENT.userId, team.members.VIEWER.userId]) {
      const caller = callerFor(userId, team.workspaceId);
      await expect(caller.knowledge.importPreview(upload("faq.md", FAQ_MD))).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.knowledge.import({ ...upload("faq.md", FAQ_MD), duplicates: "replace" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(callerFor(outsider.members.ADMIN.userId, team.workspaceId).knowledge.import({ ...upload("faq.md", FAQ_MD), duplicates: "skip" }))
      .rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });

  it("refuses bad files with clear errors and imports nothing", async () => {
    const { team, admin } = await teamWithReturnsArticle("Import bad files");
    const before = await snapshot(team.workspaceId);
    const cases: Array<[{ fileName: string; contentBase64: string }, string, RegExp]> = [
      [upload("kb.csv", "title,body\nA,\"never closed\nB,text\n"), "BAD_REQUEST", /quote that is never closed/],
      [upload("kb.csv", "title,body,url\nA,B,C\n"), "BAD_REQUEST", /unexpected column “url”/],
      [upload("kb.csv", ""), "BAD_REQUEST", /empty/],
      [{ fileName: "kb.csv", contentBase64: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]).toString("base64") }, "BAD_REQUEST", /spreadsheet/],
      [{ fileName: "kb.md", contentBase64: Buffer.from("# Caf\xe9\nCr\xe8me br\xfbl\xe9e", "latin1").toString("base64") }, "BAD_REQUEST", /not UTF-8/],
      [upload("kb.pdf", "%PDF-1.7"), "BAD_REQUEST", /Only \.csv and \.md/],
      [{ fileName: "kb.md", contentBase64: "not base64!" }, "BAD_REQUEST", /did not arrive intact/],
      [upload("kb.md", `# Big\n${"x".repeat(600 * 1024)}`), "BAD_REQUEST", /too large/],
      // A row with a problem: the preview lists it, the import refuses the whole file.
      [upload("kb.csv", `title,body\nFine,Text\nLong,${"b".repeat(20_001)}\n`), "BAD_REQUEST", /1 problem .*Line 3: body: Articles are limited to 20,000 characters.*nothing was imported/],
    ];
    for (const [file, code, message] of cases) {
      await expect(admin.knowledge.import({ ...file, duplicates: "replace" }), file.fileName).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
    const preview = await admin.knowledge.importPreview(upload("kb.csv", `title,body\nFine,Text\nLong,${"b".repeat(20_001)}\n`));
    expect(preview).toMatchObject({ articleCount: 1, problemCount: 1, canImport: false, problems: [{ line: 3, message: expect.stringMatching(/20,000/) }] });
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });

  it("a database failing mid-import leaves nothing half-imported", async () => {
    const { team, returns } = await teamWithReturnsArticle("Import db failure");
    const before = await snapshot(team.workspaceId);
    // The new articles are written, then the database fails on the replacement of "Returns".
    let written = 0;
    const failOnUpdate = (tx: Tx): Tx =>
      new Proxy(tx, {
        get(target, prop, receiver) {
          if (prop !== "knowledgeArticle") return Reflect.get(target, prop, receiver);
          const model = target.knowledgeArticle;
          return {
            findMany: model.findMany.bind(model),
            createMany: async (args: Parameters<typeof model.createMany>[0]) => {
              const batch = await model.createMany(args);
              written += batch.count;
              return batch;
            },
            // A real database error in the same transaction (Postgres aborts it).
            update: () => target.$executeRawUnsafe("SELECT 1 / 0"),
          };
        },
      });
    await expect(
      withTenant({ workspaceId: team.workspaceId }, (tx) =>
        importArticles(failOnUpdate(tx), team.workspaceId, team.members.ADMIN.userId, { ...upload("faq.md", FAQ_MD), duplicates: "replace" }),
      ),
    ).rejects.toThrow(/division by zero/);
    // The failure came after the new rows were written inside the transaction...
    expect(written).toBe(2);
    // ...and the rollback removed them all: the knowledge base and the audit log are as before.
    const after = await snapshot(team.workspaceId);
    expect(after).toEqual(before);
    expect(after.articles.map((a) => a.id)).toEqual([returns.id]);
  });

  it("a file at the size limit fits through the tRPC route's body limit; one byte more is refused clearly", async () => {
    const { team } = await teamWithReturnsArticle("Import size limit");
    const { POST } = await import("@/app/api/trpc/[trpc]/route");
    const cookie = `next-auth.session-token=${await encode({ token: { uid: team.members.ADMIN.userId }, secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${team.workspaceId}`;
    const post = (text: string) =>
      POST(new Request("http://localhost:3000/api/trpc/knowledge.importPreview", {
        method: "POST",
        headers: { cookie, origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify({ json: upload("big.md", text) }),
      }));
    const header = "# Big article\n";
    // Multi-byte characters: the limit counts bytes, not characters.
    const fill = (bytes: number) => header + "é".repeat(Math.floor((bytes - header.length) / 2)) + "x".repeat((bytes - header.length) % 2);
    const atLimit = await post(fill(MAX_IMPORT_BYTES));
    const body = await atLimit.text();
    expect(atLimit.status, body.slice(0, 200)).toBe(200);
    expect(body).toMatch(/"problemCount":1/); // over 20,000 characters: a problem of that article, shown in the preview
    const over = await post(fill(MAX_IMPORT_BYTES + 1));
    expect(over.status).toBe(413);
    expect(await over.text()).toMatch(/larger than 512 KB/);
  });
});
