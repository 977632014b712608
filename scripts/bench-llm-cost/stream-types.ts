/** The vocabulary of the benchmark's synthetic inbound stream (generate-stream.ts). */

export const KINDS = ["sales", "support", "spam", "other"] as const;
export type Kind = (typeof KINDS)[number];

export const LANGS = ["en", "es", "pt", "fr", "de", "it"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Why a message is in the stream:
 * - duplicate: a short text many different contacts send word for word ("price?");
 * - burst: the same or near-same spam from many new accounts within a few minutes;
 * - faq: a frequent question, verbatim or lightly reworded;
 * - thread: one contact writing 5-15 messages in a row;
 * - mix: ordinary traffic (sales, support, other, spam).
 */
export const PATTERNS = ["duplicate", "burst", "faq", "thread", "mix"] as const;
export type Pattern = (typeof PATTERNS)[number];

/** A text in a pool. `{email}`, `{phone}`, `{handle}`, `{url}`, `{order}` and `{n}` are filled per message. */
export type PoolText = { kind: Kind; lang: Lang; text: string };

export type Contact = {
  id: string;
  name: string;
  handle: string;
  followers: number;
  verified: boolean;
  /** A throwaway account of a spam burst. */
  bot: boolean;
};

export type StreamMessage = {
  /** Position in the stream (arrival order). */
  index: number;
  /** Simulated milliseconds from the start of the stream. */
  atMs: number;
  contact: Contact;
  kind: Kind;
  lang: Lang;
  pattern: Pattern;
  /** Messages of one duplicate text, burst, FAQ or thread share a group ("burst:2", "thread:c0041"). */
  group: string | null;
  /** For FAQs: the canonical wording, or a rewording of it. */
  variant: "verbatim" | "reworded" | null;
  text: string;
  /** The text with its personal-data slots left empty (what an anonymised copy still holds). */
  plainText: string;
};
