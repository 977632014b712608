import { KINDS, LANGS, PATTERNS, type Kind, type Lang, type Pattern, type StreamMessage } from "./stream-types";

export type StreamStats = {
  messages: number;
  contacts: number;
  /** Simulated minutes from the first message to the last. */
  spanMinutes: number;
  byKind: Record<Kind, number>;
  byLang: Record<Lang, number>;
  byPattern: Record<Pattern, number>;
  /** Distinct texts sent word for word by many contacts. */
  duplicateTexts: number;
  bursts: number;
  threads: number;
  threadLengths: { min: number; max: number };
  faq: { questions: number; verbatim: number; reworded: number };
  /** Messages whose exact text came earlier in the stream (from anyone): what an exact-text cache could serve. */
  exactRepeats: number;
};

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function streamStats(stream: readonly StreamMessage[]): StreamStats {
  const byKind = zeros(KINDS);
  const byLang = zeros(LANGS);
  const byPattern = zeros(PATTERNS);
  const groups = new Map<string, number>();
  const seen = new Set<string>();
  let exactRepeats = 0;
  for (const m of stream) {
    byKind[m.kind] += 1;
    byLang[m.lang] += 1;
    byPattern[m.pattern] += 1;
    if (m.group) groups.set(m.group, (groups.get(m.group) ?? 0) + 1);
    if (seen.has(m.text)) exactRepeats += 1;
    seen.add(m.text);
  }
  const sizes = (prefix: string) => [...groups].filter(([g]) => g.startsWith(prefix)).map(([, n]) => n);
  const threadSizes = sizes("thread:");
  const faqs = stream.filter((m) => m.pattern === "faq");
  const times = stream.map((m) => m.atMs);
  return {
    messages: stream.length,
    contacts: new Set(stream.map((m) => m.contact.id)).size,
    spanMinutes: stream.length === 0 ? 0 : (Math.max(...times) - Math.min(...times)) / 60_000,
    byKind, byLang, byPattern,
    duplicateTexts: sizes("dup:").length,
    bursts: sizes("burst:").length,
    threads: threadSizes.length,
    threadLengths: { min: threadSizes.length ? Math.min(...threadSizes) : 0, max: threadSizes.length ? Math.max(...threadSizes) : 0 },
    faq: { questions: sizes("faq:").length, verbatim: faqs.filter((m) => m.variant === "verbatim").length, reworded: faqs.filter((m) => m.variant === "reworded").length },
    exactRepeats,
  };
}
