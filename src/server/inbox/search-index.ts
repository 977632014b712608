import { createHmac, hkdfSync } from "node:crypto";
import { decrypt, decryptOptional, keyRing } from "../infra/crypto/field-crypto";
import type { KeyRing } from "../infra/crypto/key-ring";
import type { RawSql } from "../infra/db/sql";

/**
 * The inbox's search over encrypted text: a blind index. Message texts and contact names are
 * stored encrypted (AES-GCM, random IV), so the database cannot search them; instead each text
 * is cut into normalised words and each word stored as a keyed HMAC (`messages.searchTokens`,
 * `contacts.nameTokens`, GIN-indexed). A search hashes its words the same way and matches
 * whole words only: a prefix hashes to an unrelated value, and indexing every prefix would
 * multiply the rows and hand anyone reading the table the short, guessable prefixes ("a",
 * "ab", ...) to count. The HMAC key is derived per workspace from BLIND_INDEX_KEY, so the
 * same word has different tokens in two tenants (no cross-tenant matching or counting).
 * Tokens are written when the text is (ingest), emptied by a trigger whenever the text changes
 * or goes (edit, deletion by the sender, retention, erasure), and `indexPending` fills in
 * rows not indexed yet (older rows, edited texts).
 */

/** Words shorter than this are not indexed (nor searched): too common to narrow anything, and trivially guessable. */
const MIN_WORD = 2;
const MAX_WORD = 64;
/** A bound on one text's tokens (a 100,000-character message has far fewer distinct words). */
const MAX_TOKENS = 2_000;

/** Derived keys by key ring (a ring replaced at rotation drops its keys with it), then workspace. */
const derivedKeys = new WeakMap<KeyRing, Map<string, Buffer>>();

function workspaceKey(workspaceId: string, keys: KeyRing): Buffer {
  let byWorkspace = derivedKeys.get(keys);
  if (!byWorkspace) derivedKeys.set(keys, (byWorkspace = new Map()));
  const cached = byWorkspace.get(workspaceId);
  if (cached) return cached;
  const key = Buffer.from(hkdfSync("sha256", keys.blindIndexKey, Buffer.from(workspaceId, "utf8"), Buffer.from("leadline inbox search v1", "utf8"), 32));
  if (byWorkspace.size >= 1_000) byWorkspace.clear();
  byWorkspace.set(workspaceId, key);
  return key;
}

/** The distinct normalised words of a text: NFKD without accents, lower case, letters and digits. */
export function searchWords(text: string): string[] {
  const normalised = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  const words = new Set<string>();
  for (const word of normalised.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < MIN_WORD || word.length > MAX_WORD) continue;
    words.add(word);
    if (words.size >= MAX_TOKENS) break;
  }
  return [...words];
}

/** The blind-index tokens of a text for one workspace (16 bytes of HMAC-SHA256 per word). */
export function searchTokens(workspaceId: string, text: string, keys: KeyRing = keyRing()): string[] {
  const key = workspaceKey(workspaceId, keys);
  return searchWords(text).map((word) => createHmac("sha256", key).update(word).digest().subarray(0, 16).toString("base64url"));
}

const json = (v: unknown) => JSON.stringify(v);

/** Writes the tokens of messages whose text the caller has in hand (ingest). */
export async function indexMessages(tx: RawSql, workspaceId: string, items: ReadonlyArray<{ messageId: string; text: string }>, now = new Date()): Promise<void> {
  if (items.length === 0) return;
  await tx.$executeRaw`
    UPDATE messages m SET "searchTokens" = ARRAY(SELECT jsonb_array_elements_text(u.tokens::jsonb)), "searchIndexedAt" = ${now}::timestamp(3)
    FROM unnest(${items.map((i) => i.messageId)}::text[], ${items.map((i) => json(searchTokens(workspaceId, i.text)))}::text[]) AS u(id, tokens)
    WHERE m.id = u.id AND m."workspaceId" = ${workspaceId} AND m."textEnc" IS NOT NULL`;
}

type PendingMessage = { id: string; textEnc: string };
export type PendingContact = { id: string; displayNameEnc: string | null; handleEnc: string | null };

/** Writes contacts' name tokens from their (encrypted) name and handle. */
export async function writeContactTokens(tx: RawSql, workspaceId: string, rows: PendingContact[], now = new Date()): Promise<number> {
  if (rows.length === 0) return 0;
  const tokens = rows.map((r) => json(searchTokens(workspaceId, [decryptOptional(r.displayNameEnc), decryptOptional(r.handleEnc)].filter(Boolean).join(" "))));
  await tx.$executeRaw`
    UPDATE contacts c SET "nameTokens" = ARRAY(SELECT jsonb_array_elements_text(u.tokens::jsonb)), "nameIndexedAt" = ${now}::timestamp(3)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${tokens}::text[]) AS u(id, tokens)
    WHERE c.id = u.id AND c."workspaceId" = ${workspaceId}`;
  return rows.length;
}

/**
 * Indexes up to `limit` messages and contacts of the workspace not indexed yet: rows from before
 * the index existed (the backfill), edited texts and renamed contacts. Idempotent.
 */
export async function indexPending(tx: RawSql, workspaceId: string, limit = 500, now = new Date()): Promise<{ messages: number; contacts: number }> {
  const messages = await tx.$queryRaw<PendingMessage[]>`
    SELECT id, "textEnc" FROM messages
    WHERE "workspaceId" = ${workspaceId} AND "searchIndexedAt" IS NULL AND "textEnc" IS NOT NULL
    ORDER BY id LIMIT ${limit}`;
  await indexMessages(tx, workspaceId, messages.map((m) => ({ messageId: m.id, text: decrypt(m.textEnc) })), now);
  const contacts = await tx.$queryRaw<PendingContact[]>`
    SELECT id, "displayNameEnc", "handleEnc" FROM contacts
    WHERE "workspaceId" = ${workspaceId} AND "nameIndexedAt" IS NULL
    ORDER BY id LIMIT ${limit}`;
  return { messages: messages.length, contacts: await writeContactTokens(tx, workspaceId, contacts, now) };
}
