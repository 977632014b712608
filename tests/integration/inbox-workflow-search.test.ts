import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { backfillSearchIndex } from "@/server/inbox/backfill-search-index";
import { searchTokens } from "@/server/inbox/search-index";
import { stopQueue } from "@/server/infra/runtime/queue";
import { applyRetention } from "@/server/privacy/apply-retention";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo } from "../helpers/pipeline";

/**
 * The inbox's filters and its search over encrypted text (a blind index of keyed word HMACs):
 * whole words of message texts and contact names, only among the conversations the member may
 * see, never another tenant's; tokens written at ingest, backfilled for older rows, and gone
 * with the text.
 */
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;
let ws: Ws;
let other: Ws;
const inWs = <T>(w: Ws, fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: w.workspaceId }, fn);
const as = (role: "ADMIN" | "AGENT" | "VIEWER", w: Ws = ws) => callerFor(w.members[role].userId, w.workspaceId);
const search = async (role: "ADMIN" | "AGENT" | "VIEWER", q: string, w: Ws = ws, filters: Record<string, unknown> = {}) =>
  (await as(role, w).inbox.list({ limit: 200, search: q, ...filters })).map((c) => c.id);

let seq = 0;
/** A conversation written directly, not indexed (as rows from before the index existed). */
async function seed(w: Ws, opts: { name: string; text: string; assigneeId?: string | null; intent?: "SALES" | "SUPPORT" | "SPAM" | "OTHER"; platform?: "DEMO" | "X" }) {
  const key = `se-${Date.now()}-${seq++}`;
  return inWs(w, async (tx) => {
    const channel = opts.platform === "X"
      ? await tx.channel.create({ data: { workspaceId: w.workspaceId, platform: "X", externalId: `x-${key}`, name: "X account" } })
      : await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    const contact = await tx.contact.create({ data: { workspaceId: w.workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key), displayNameEnc: encrypt(opts.name) } });
    const c = await tx.conversation.create({ data: { workspaceId: w.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: key, assigneeId: opts.assigneeId ?? null, lastInboundAt: new Date() } });
    await tx.message.create({
      data: { workspaceId: w.workspaceId, channelId: channel.id, conversationId: c.id, direction: "INBOUND", platformMessageId: key, textEnc: encrypt(opts.text), sentAt: new Date(), intent: opts.intent ?? "SALES", status: "PROCESSED" },
    });
    await tx.lead.create({ data: { workspaceId: w.workspaceId, contactId: contact.id, tier: opts.intent === "SUPPORT" ? "COLD" : "HOT" } });
    return c.id;
  });
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  other = await createPipelineWorkspace({ autoReplyEnabled: false });
});
afterAll(async () => {
  await stopQueue();
});

describe("search over encrypted text", () => {
  it("finds whole words of the message text and the contact's name, accents and case aside, and backfills older rows", async () => {
    const id = await seed(ws, { name: "Zoë Marchetti", text: "Do you ship the Espresso grinder to Zürich?" });
    // Not indexed yet (written before the index, as a backfill would find it).
    expect(await inWs(ws, (tx) => tx.message.count({ where: { conversationId: id, searchIndexedAt: null } }))).toBe(1);
    expect(await search("VIEWER", "espresso")).toEqual([id]);
    expect(await inWs(ws, (tx) => tx.message.count({ where: { conversationId: id, searchIndexedAt: null } }))).toBe(0);
    expect(await search("VIEWER", "ZURICH grinder")).toEqual([id]);
    expect(await search("VIEWER", "zoe")).toEqual([id]);
    expect(await search("VIEWER", "marchetti espresso")).toEqual([id]); // name and text together
    // Whole words only: no prefixes, and every word must match.
    expect(await search("VIEWER", "espress")).toEqual([]);
    expect(await search("VIEWER", "espresso kettle")).toEqual([]);
    // Punctuation only: nothing to look for, nothing found.
    expect(await search("VIEWER", "?! ...")).toEqual([]);
  });

  it("indexes a message at ingest, and its contact's name", async () => {
    const body = demoBody(ws.externalId, "Looking for a cardamom latte recipe", { name: "Priya Quenneville", handle: "pq_coffee" });
    expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
    const messageId = (JSON.parse(body) as { messageId: string }).messageId;
    const stored = await inWs(ws, (tx) => tx.message.findFirstOrThrow({ where: { platformMessageId: messageId }, select: { conversationId: true, searchTokens: true, searchIndexedAt: true } }));
    expect(stored.searchIndexedAt).not.toBeNull();
    expect(stored.searchTokens).toContain(searchTokens(ws.workspaceId, "cardamom")[0]);
    // Nothing readable in the index: no word of the text appears.
    expect(stored.searchTokens.join(" ")).not.toMatch(/cardamom|latte|recipe/i);
    expect(await search("AGENT", "cardamom")).toEqual([stored.conversationId]);
    expect(await search("AGENT", "quenneville")).toEqual([stored.conversationId]);
    expect(await search("AGENT", "pq_coffee")).toEqual([stored.conversationId]);
  });

  it("never returns conversations the member may not see, nor another tenant's", async () => {
    const word = `saffron${Date.now()}`;
    const mine = await seed(ws, { name: "Alex Visible", text: `${word} syrup please`, assigneeId: ws.members.AGENT.userId });
    const unassigned = await seed(ws, { name: "Alex Open", text: `${word} syrup too` });
    const theirs = await seed(ws, { name: "Alex Hidden", text: `${word} syrup for me`, assigneeId: ws.members.ADMIN.userId });
    const elsewhere = await seed(other, { name: "Alex Elsewhere", text: `${word} syrup in another tenant` });
    expect((await search("AGENT", word)).sort()).toEqual([mine, unassigned].sort());
    expect((await search("ADMIN", word)).sort()).toEqual([mine, unassigned, theirs].sort());
    expect((await search("VIEWER", word)).sort()).toEqual([mine, unassigned, theirs].sort());
    expect(await search("ADMIN", word, other)).toEqual([elsewhere]);
    // The same word has different tokens in two workspaces: a token copied across finds nothing.
    expect(searchTokens(ws.workspaceId, word)).not.toEqual(searchTokens(other.workspaceId, word));
    expect(await search("AGENT", "hidden")).not.toContain(theirs);
  });

  it("forgets the words when the text is removed (retention, a deletion by the sender) or edited", async () => {
    const word = `macchiato${Date.now()}`;
    const id = await seed(ws, { name: "Rae Retained", text: `${word} order please` });
    expect(await search("ADMIN", word)).toEqual([id]);
    await inWs(ws, (tx) => tx.message.updateMany({ where: { conversationId: id }, data: { textEnc: null, redactedAt: new Date() } }));
    expect(await inWs(ws, (tx) => tx.message.findFirstOrThrow({ where: { conversationId: id }, select: { searchTokens: true } }))).toEqual({ searchTokens: [] });
    expect(await search("ADMIN", word)).toEqual([]);

    const edited = await seed(ws, { name: "Eddie Edits", text: `${word}x first words` });
    expect(await search("ADMIN", `${word}x`)).toEqual([edited]);
    await inWs(ws, (tx) => tx.message.updateMany({ where: { conversationId: edited }, data: { textEnc: encrypt("second thoughts entirely"), editedAt: new Date() } }));
    expect(await search("ADMIN", `${word}x`)).toEqual([]);
    expect(await search("ADMIN", "thoughts entirely")).toContain(edited);
  });

  it("retention's own run empties the tokens of the texts it removes", async () => {
    const team = await createPipelineWorkspace({ autoReplyEnabled: false });
    const word = `ristretto${Date.now()}`;
    const id = await seed(team, { name: "Olde Message", text: `${word} from long ago` });
    await inWs(team, async (tx) => {
      await tx.workspace.update({ where: { id: team.workspaceId }, data: { retentionDays: 30 } });
      await tx.message.updateMany({ where: { conversationId: id }, data: { receivedAt: new Date(Date.now() - 40 * 86_400_000), sentAt: new Date(Date.now() - 40 * 86_400_000) } });
    });
    expect(await search("ADMIN", word, team)).toEqual([id]);
    await applyRetention();
    expect(await inWs(team, (tx) => tx.message.findFirstOrThrow({ where: { conversationId: id }, select: { textEnc: true, searchTokens: true } }))).toEqual({ textEnc: null, searchTokens: [] });
    expect(await search("ADMIN", word, team)).toEqual([]);
  });
});

describe("backfill", () => {
  it("indexes a workspace's older rows in batches; a rerun finds nothing to do", async () => {
    const team = await createPipelineWorkspace({ autoReplyEnabled: false });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await seed(team, { name: `Bea Backfill${i}`, text: `lungo${i} please` }));
    const pending = () => inWs(team, (tx) => tx.message.count({ where: { conversationId: { in: ids }, searchIndexedAt: null } }));
    expect(await pending()).toBe(5);
    const progress: number[] = [];
    const total = await backfillSearchIndex({ workspaceIds: [team.workspaceId], batchSize: 2, onProgress: (p) => progress.push(p.messages) });
    expect(total).toMatchObject({ workspaces: 1, messages: 5, contacts: 5 });
    expect(progress.slice(0, 3)).toEqual([2, 2, 1]);
    expect(await pending()).toBe(0);
    expect(await inWs(team, (tx) => tx.contact.count({ where: { conversations: { some: { id: { in: ids } } }, nameIndexedAt: null } }))).toBe(0);
    // Rerunning finds nothing to do.
    expect(await backfillSearchIndex({ workspaceIds: [team.workspaceId] })).toMatchObject({ messages: 0, contacts: 0 });
  });
});

describe("filters", () => {
  it("filters by status, intent, tier, channel and assignee, alone and together", async () => {
    const team = await createPipelineWorkspace({ autoReplyEnabled: false });
    const sales = await seed(team, { name: "Sal Sales", text: "price list please", assigneeId: team.members.AGENT.userId });
    const support = await seed(team, { name: "Sue Support", text: "my order is broken", intent: "SUPPORT" });
    const onX = await seed(team, { name: "Xavier Post", text: "nice shop", intent: "OTHER", platform: "X" });
    const ids = async (role: "ADMIN" | "AGENT", filters: Record<string, unknown>) => (await as(role, team).inbox.list({ limit: 200, folder: "inbox", ...filters })).map((c) => c.id).sort();
    expect(await ids("ADMIN", {})).toEqual([sales, support, onX].sort());
    expect(await ids("ADMIN", { intent: "SUPPORT" })).toEqual([support]);
    expect(await ids("ADMIN", { tier: "HOT" })).toEqual([sales, onX].sort());
    expect(await ids("ADMIN", { platform: "X" })).toEqual([onX]);
    const xChannel = await inWs(team, (tx) => tx.conversation.findUniqueOrThrow({ where: { id: onX }, select: { channelId: true } }));
    expect(await ids("ADMIN", { channelId: xChannel.channelId })).toEqual([onX]);
    // A channel that is not this workspace's is "not found", never an empty list that hides a typo.
    await expect(as("ADMIN", team).inbox.list({ channelId: "channel_missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await ids("AGENT", { assignee: "me" })).toEqual([sales]);
    expect(await ids("ADMIN", { assignee: "me" })).toEqual([]);
    expect(await ids("ADMIN", { assignee: "unassigned" })).toEqual([support, onX].sort());
    await as("AGENT", team).inbox.setStatus({ conversationId: support, change: { status: "CLOSED" } });
    expect(await ids("ADMIN", { status: "open", tier: "COLD" })).toEqual([]);
    expect(await ids("ADMIN", { status: "closed", intent: "SUPPORT", assignee: "unassigned" })).toEqual([support]);
  });

  it("refuses malformed filters", async () => {
    const admin = as("ADMIN");
    // @ts-expect-error not a status
    await expect(admin.inbox.list({ status: "archived" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error not an intent
    await expect(admin.inbox.list({ intent: "LEAD" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // @ts-expect-error not an assignee filter
    await expect(admin.inbox.list({ assignee: ws.members.AGENT.userId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.inbox.list({ limit: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
