import { randomBytes } from "node:crypto";
import { createPasswordAccount } from "../../src/server/accounts/create-password-account";
import { encrypt } from "../../src/server/infra/crypto/field-crypto";
import { newId } from "../../src/server/infra/db/new-id";
import { withTenantSql } from "../../src/server/infra/db/sql";
import { createWorkspace } from "../../src/server/workspaces/create-workspace";

export type SeededCrmWorkspace = { workspaceId: string; userId: string; leadIds: string[] };

const FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Emeka", "Fatima", "Gus", "Hana", "Ivan", "Jun", "Kemal", "Lena"];
const LAST = ["Lopez", "Okafor", "Nguyen", "Schmidt", "Rossi", "Silva", "Kowalski", "Haddad", "Tanaka", "Moreau"];
const ASKS = ["How much is the blue one?", "Do you ship to Lisbon?", "Is it still in stock?", "Can I book a fitting on Friday?", "What sizes do you have?"];
const ANSWERS = ["It is 49 EUR, shipping included.", "Yes, 2-3 days to Portugal.", "We have two left in M and L."];

/**
 * One workspace (made by the app's own sign-up and workspace services, so it has its Demo
 * channel, membership and audit row) holding `leads` leads that no connection has synced yet:
 * each with a contact (name, handle, an email on 3 leads in 5, all encrypted as ingest stores
 * them), one DM conversation and `messagesPerLead` messages for the note. Bulk SQL through the
 * app role inside one tenant transaction: 10,000 leads take a couple of seconds, not minutes.
 */
export async function seedCrmLeads(leads: number, messagesPerLead: number): Promise<SeededCrmWorkspace> {
  const { userId } = await createPasswordAccount({ name: "Bench admin", email: `bench-crm-${randomBytes(4).toString("hex")}@example.test`, password: "bench-crm-password-1", verified: true });
  const { workspaceId } = await createWorkspace(userId, { name: "CRM bench" });
  const tag = randomBytes(4).toString("hex");
  const rows = Array.from({ length: leads }, (_, i) => ({ i, contactId: newId(), leadId: newId(), conversationId: newId() }));

  await withTenantSql({ workspaceId, userId }, async (tx) => {
    const [channel] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM channels WHERE "workspaceId" = ${workspaceId} AND platform = 'DEMO' LIMIT 1`;
    if (!channel) throw new Error("the new workspace has no Demo channel");
    const name = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    await tx.$executeRaw`
      INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "displayNameEnc", "handleEnc", "emailEnc", "updatedAt")
      SELECT c.id, ${workspaceId}, ${channel.id}, c.hash, c.uid, c.name, c.handle, c.email, now()
      FROM unnest(${rows.map((r) => r.contactId)}::text[], ${rows.map((r) => `${tag}-${r.i}`)}::text[], ${rows.map((r) => encrypt(`u${tag}${r.i}`))}::text[],
                  ${rows.map((r) => encrypt(name(r.i)))}::text[], ${rows.map((r) => encrypt(`@lead_${tag}_${r.i}`))}::text[],
                  ${rows.map((r) => (r.i % 5 < 3 ? encrypt(`lead${r.i}.${tag}@example.test`) : null))}::text[])
        AS c(id, hash, uid, name, handle, email)`;
    await tx.$executeRaw`
      INSERT INTO leads (id, "workspaceId", "contactId", tier, score, reason, "lastIntent", "updatedAt")
      SELECT l.id, ${workspaceId}, l.contact, l.tier::"LeadTier", l.score, 'Asked for a price and delivery', 'SALES'::"Intent", now()
      FROM unnest(${rows.map((r) => r.leadId)}::text[], ${rows.map((r) => r.contactId)}::text[], ${rows.map((r) => ["HOT", "WARM", "COLD"][r.i % 3])}::text[],
                  ${rows.map((r) => 40 + (r.i % 60))}::int[]) AS l(id, contact, tier, score)`;
    await tx.$executeRaw`
      INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "updatedAt")
      SELECT v.id, ${workspaceId}, ${channel.id}, v.contact, 'DM', v.thread, now()
      FROM unnest(${rows.map((r) => r.conversationId)}::text[], ${rows.map((r) => r.contactId)}::text[], ${rows.map((r) => `${tag}-t${r.i}`)}::text[]) AS v(id, contact, thread)`;
    if (messagesPerLead === 0) return;
    const messages = rows.flatMap((r) =>
      Array.from({ length: messagesPerLead }, (_, m) => {
        const inbound = m % 2 === 0;
        const text = inbound ? ASKS[(r.i + m) % ASKS.length]! : ANSWERS[(r.i + m) % ANSWERS.length]!;
        return { id: newId(), conversationId: r.conversationId, direction: inbound ? "INBOUND" : "OUTBOUND", mid: `${tag}-m${r.i}-${m}`, text: encrypt(text), at: new Date(Date.now() - (messagesPerLead - m) * 60_000) };
      }),
    );
    await tx.$executeRaw`
      INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "textEnc", status, "sentAt")
      SELECT m.id, ${workspaceId}, ${channel.id}, m.conversation, m.direction::"Direction", m.mid, m.text, 'PROCESSED', m.at
      FROM unnest(${messages.map((m) => m.id)}::text[], ${messages.map((m) => m.conversationId)}::text[], ${messages.map((m) => m.direction)}::text[],
                  ${messages.map((m) => m.mid)}::text[], ${messages.map((m) => m.text)}::text[], ${messages.map((m) => m.at)}::timestamp(3)[])
        AS m(id, conversation, direction, mid, text, at)`;
  });
  return { workspaceId, userId, leadIds: rows.map((r) => r.leadId) };
}
