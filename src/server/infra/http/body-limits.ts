/**
 * The most bytes each public route reads from a request body, enforced while the stream is
 * read (`readBodyLimited`), whatever content-length says. Adding a route that reads a body is
 * adding a row.
 *
 * - webhook 1 MB: platform deliveries are small JSON batches (Meta documents batches of up
 *   to 1000 updates, in practice a few KB; a message text is at most a few KB); 1 MB leaves
 *   room for the largest batch while bounding what a forged delivery can make us buffer
 *   before its signature is checked.
 * - jobs 256 KB: QStash job envelopes carry ids and small cursors, never message bodies
 *   (those are read from the database by the handler); a few KB is normal.
 * - drafts 32 KB: the body is `{ conversationId }`, under 200 bytes; 32 KB is generous slack.
 * - trpc 1 MB: the largest procedure input is a knowledge import (a file of at most 512 KB,
 *   base64: about 700 KB); an article is at most 80 KB of UTF-8. Batched calls share the 1 MB.
 */
export const BODY_LIMITS = {
  webhook: 1_000_000,
  jobs: 256 * 1024,
  drafts: 32 * 1024,
  trpc: 1_000_000,
} as const satisfies Record<string, number>;

export type BodyRoute = keyof typeof BODY_LIMITS;

/** "1 MB", "256 KB": for the error message clients see. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1_000_000 && bytes % 1_000_000 === 0) return `${bytes / 1_000_000} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
