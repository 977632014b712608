import { seededRandom } from "../../src/agents/seeded-random";
import { fillSlots } from "./fill-slots";
import { makeContact } from "./make-contact";
import { exponential, pick, pickZipf, randInt, type Random } from "./random-helpers";
import type { Contact, Kind, Lang, PoolText, StreamMessage } from "./stream-types";
import { DUPLICATE_TEXTS, FAQS } from "./texts-repeated";
import { OTHER_TEXTS } from "./texts-other";
import { SALES_TEXTS } from "./texts-sales";
import { BURST_TEXTS, SPAM_TEXTS } from "./texts-spam";
import { SUPPORT_TEXTS } from "./texts-support";
import { FOLLOW_UPS, THREAD_SCRIPTS } from "./texts-threads";
import { varyText } from "./vary-text";

export type StreamOptions = {
  messages: number;
  seed: number;
  /** Simulated length of the stream; default one hour per 1,000 messages (a busy page). */
  spanMs?: number;
};

/** Shares of the stream by pattern; the ordinary mix takes the rest (about a third). */
export const PATTERN_SHARES = { thread: 0.25, burst: 0.12, duplicate: 0.12, faq: 0.18 } as const;
/** The ordinary mix by intent, and every non-thread pattern's languages. */
const MIX_KINDS: ReadonlyArray<readonly [Kind, number]> = [["sales", 0.3], ["support", 0.2], ["spam", 0.15], ["other", 0.35]];
const MIX_LANGS: ReadonlyArray<readonly [Lang, number]> = [["en", 0.8], ["es", 0.06], ["pt", 0.04], ["fr", 0.04], ["de", 0.04], ["it", 0.02]];
const POOLS: Record<Kind, readonly PoolText[]> = { sales: SALES_TEXTS, support: SUPPORT_TEXTS, spam: SPAM_TEXTS, other: OTHER_TEXTS };
/** A regular (non-thread, non-bot) message comes from someone who wrote before this often. */
const RETURNING = 0.15;
/**
 * How often a thread line or an ordinary message is reworded: people who write about the same
 * thing rarely type the same words, and word-for-word repeats belong to the patterns made for them.
 */
const REWORD_THREAD = 0.5;
const REWORD_MIX = 0.6;
export const MIN_MESSAGES = 200;

type Draft = Omit<StreamMessage, "index">;

function weighted<T>(random: Random, table: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1]![0];
}

/** A template, optionally reworded first (so `plainText` gets the same rewording), then filled. */
function render(template: string, lang: Lang, random: Random, owner: Contact, reword: boolean) {
  return fillSlots(reword ? varyText(template, lang, random) : template, random, owner.handle);
}

/**
 * A realistic inbound stream for the demo coffee shop, the same for the same seed: threads (one
 * contact, 5-15 messages, 15 s to 5 min apart), spam bursts (15-40 new accounts posting the same
 * or near-same text within 1-3 minutes), short texts many people send word for word, frequent
 * questions (half verbatim, half reworded) and an ordinary mix (sales 30%, support 20%, spam 15%,
 * other 35%; 80% English), threads and the mix often reworded. Messages are in
 * arrival order, with simulated timestamps.
 */
export function generateStream(options: StreamOptions): StreamMessage[] {
  const { messages, seed } = options;
  if (!Number.isInteger(messages) || messages < MIN_MESSAGES) throw new Error(`a stream needs at least ${MIN_MESSAGES} messages`);
  const random = seededRandom(seed);
  const span = options.spanMs ?? messages * 3_600;
  const drafts: Draft[] = [];
  let contacts = 0;
  const regulars: Contact[] = [];
  const newContact = (bot: boolean) => makeContact(contacts++, random, bot);
  const someone = () => {
    if (regulars.length > 0 && random() < RETURNING) return pick(random, regulars);
    const contact = newContact(false);
    regulars.push(contact);
    return contact;
  };
  const target = (share: number) => Math.round(messages * share);

  for (let left = target(PATTERN_SHARES.thread); left > 0; ) {
    const length = Math.min(randInt(random, 5, 15), Math.max(5, left));
    const script = pick(random, THREAD_SCRIPTS);
    const contact = newContact(false);
    let at = random() * span * 0.85;
    for (let i = 0; i < length; i++) {
      const line = script.lines[i];
      const [kind, template] = line ?? pick(random, FOLLOW_UPS);
      const lang = line ? script.lang : "en";
      drafts.push({ atMs: at, contact, kind, lang, pattern: "thread", group: `thread:${contact.id}`, variant: null, ...render(template, lang, random, contact, random() < REWORD_THREAD) });
      at += Math.min(300_000, 15_000 + exponential(random, 60_000));
    }
    left -= length;
  }

  for (let left = target(PATTERN_SHARES.burst), burst = 0; left > 0; burst++) {
    const size = Math.min(randInt(random, 15, 40), Math.max(10, left));
    const template = pick(random, BURST_TEXTS);
    const start = random() * Math.max(0, span - 180_000);
    const duration = randInt(random, 60_000, 180_000);
    const first = newContact(true);
    const shared = render(template.text, template.lang, random, first, false);
    for (let i = 0; i < size; i++) {
      const contact = i === 0 ? first : newContact(true);
      // Half the accounts post the wave's exact text; the others fill in their own link or handle, some reworded.
      const rendered = random() < 0.5 ? shared : render(template.text, template.lang, random, contact, random() < 0.3);
      drafts.push({ atMs: start + random() * duration, contact, kind: "spam", lang: template.lang, pattern: "burst", group: `burst:${burst}`, variant: null, ...rendered });
    }
    left -= size;
  }

  for (let i = 0; i < target(PATTERN_SHARES.duplicate); i++) {
    const dup = pickZipf(random, DUPLICATE_TEXTS);
    drafts.push({ atMs: random() * span, contact: someone(), kind: dup.kind, lang: dup.lang, pattern: "duplicate", group: `dup:${DUPLICATE_TEXTS.indexOf(dup)}`, variant: null, text: dup.text, plainText: dup.text });
  }

  for (let i = 0; i < target(PATTERN_SHARES.faq); i++) {
    const faq = pickZipf(random, FAQS);
    const verbatim = random() < 0.5;
    const contact = someone();
    const wording = verbatim ? faq.wordings[0]! : pick(random, faq.wordings.slice(1));
    drafts.push({
      atMs: random() * span, contact, kind: faq.kind, lang: faq.lang, pattern: "faq", group: `faq:${FAQS.indexOf(faq)}`,
      variant: verbatim ? "verbatim" : "reworded", ...render(wording, faq.lang, random, contact, !verbatim && random() < 0.3),
    });
  }

  const mix = messages - drafts.length;
  if (mix < 0) throw new Error(`the stream's patterns took ${drafts.length} of ${messages} messages`);
  for (let i = 0; i < mix; i++) {
    const kind = weighted(random, MIX_KINDS);
    const lang = weighted(random, MIX_LANGS);
    const inLang = POOLS[kind].filter((t) => t.lang === lang);
    const template = pick(random, inLang.length > 0 ? inLang : POOLS[kind].filter((t) => t.lang === "en"));
    const contact = kind === "spam" && random() < 0.5 ? newContact(true) : someone();
    drafts.push({ atMs: random() * span, contact, kind, lang: template.lang, pattern: "mix", group: null, variant: null, ...render(template.text, template.lang, random, contact, random() < REWORD_MIX) });
  }

  return drafts
    .map((d, order) => ({ d, order }))
    .sort((a, b) => a.d.atMs - b.d.atMs || a.order - b.order)
    .map(({ d }, index) => ({ index, ...d, atMs: Math.round(d.atMs) }));
}
