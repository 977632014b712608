import { describe, expect, it } from "vitest";
import { generateStream, MIN_MESSAGES } from "./generate-stream";
import { fingerprint, labelIndex } from "./label-index";
import { streamStats } from "./stream-stats";
import type { StreamMessage } from "./stream-types";

const stream = generateStream({ messages: 1_000, seed: 7 });

function groups(prefix: string): StreamMessage[][] {
  const out = new Map<string, StreamMessage[]>();
  for (const m of stream) if (m.group?.startsWith(prefix)) out.set(m.group, [...(out.get(m.group) ?? []), m]);
  return [...out.values()];
}

describe("the benchmark's inbound stream", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(generateStream({ messages: 1_000, seed: 7 })).toEqual(stream);
    expect(generateStream({ messages: 1_000, seed: 8 }).map((m) => m.text)).not.toEqual(stream.map((m) => m.text));
  });

  it("has exactly the messages asked for, in arrival order", () => {
    expect(stream).toHaveLength(1_000);
    expect(stream.map((m) => m.index)).toEqual(stream.map((_, i) => i));
    for (let i = 1; i < stream.length; i++) expect(stream[i]!.atMs).toBeGreaterThanOrEqual(stream[i - 1]!.atMs);
    expect(() => generateStream({ messages: MIN_MESSAGES - 1, seed: 1 })).toThrow();
  });

  it("has short texts that many different contacts send word for word", () => {
    const dups = groups("dup:");
    const top = dups.sort((a, b) => b.length - a.length)[0]!;
    expect(top.length).toBeGreaterThanOrEqual(10);
    expect(new Set(top.map((m) => m.text)).size).toBe(1);
    expect(new Set(top.map((m) => m.contact.id)).size).toBeGreaterThanOrEqual(8);
  });

  it("has spam bursts: many new accounts, the same or near-same text, within three minutes", () => {
    const bursts = groups("burst:");
    expect(bursts.length).toBeGreaterThanOrEqual(3);
    for (const burst of bursts) {
      expect(burst.length).toBeGreaterThanOrEqual(10);
      expect(new Set(burst.map((m) => m.contact.id)).size).toBe(burst.length);
      expect(burst.every((m) => m.contact.bot && m.kind === "spam")).toBe(true);
      expect(burst.at(-1)!.atMs - burst[0]!.atMs).toBeLessThanOrEqual(180_000);
      // Some accounts post the wave's exact text.
      const texts = burst.map((m) => m.text);
      expect(new Set(texts).size).toBeLessThan(texts.length);
    }
  });

  it("has FAQs asked verbatim and lightly reworded", () => {
    const faqs = groups("faq:");
    expect(faqs.length).toBeGreaterThanOrEqual(10);
    const busiest = faqs.sort((a, b) => b.length - a.length)[0]!;
    expect(busiest.some((m) => m.variant === "verbatim")).toBe(true);
    expect(busiest.some((m) => m.variant === "reworded")).toBe(true);
    expect(new Set(busiest.filter((m) => m.variant === "verbatim").map((m) => m.text)).size).toBe(1);
  });

  it("has long threads: one contact writing 5 to 15 messages, nobody else on it", () => {
    const threads = groups("thread:");
    expect(threads.length).toBeGreaterThanOrEqual(10);
    for (const thread of threads) {
      expect(thread.length).toBeGreaterThanOrEqual(5);
      expect(thread.length).toBeLessThanOrEqual(15);
      const [contact] = new Set(thread.map((m) => m.contact.id));
      expect(stream.filter((m) => m.contact.id === contact)).toHaveLength(thread.length);
    }
  });

  it("mixes every intent, mostly English with other languages, over many contacts", () => {
    const stats = streamStats(stream);
    for (const kind of ["sales", "support", "spam", "other"] as const) expect(stats.byKind[kind]).toBeGreaterThan(50);
    expect(stats.byLang.en / stats.messages).toBeGreaterThan(0.6);
    expect(stats.byLang.en / stats.messages).toBeLessThan(0.95);
    expect(Object.values(stats.byLang).filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
    expect(stats.contacts).toBeGreaterThan(500);
    expect(stats.byPattern.mix).toBeGreaterThan(200);
    expect(stats.exactRepeats).toBeGreaterThan(100);
  });

  it("keeps personal data out of plainText and labels both copies", () => {
    const withLink = stream.find((m) => /\.example\/|bit\.ly\/|tinyurl\.com\//.test(m.text))!;
    expect(withLink.plainText).not.toMatch(/\.example\/|bit\.ly\/|tinyurl\.com\//);
    const labels = labelIndex(stream);
    expect(labels.get(fingerprint(withLink.plainText))).toBe(withLink.kind);
    expect(fingerprint("Hi [NAME_1], write to [EMAIL_1]!")).toBe(fingerprint("hi , write to"));
  });
});
