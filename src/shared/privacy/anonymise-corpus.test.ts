import { describe, expect, it } from "vitest";
import { findLeaks, loadPiiCorpus, piiValues } from "../../../tests/fixtures/privacy/pii-corpus";
import { anonymiseConversation } from "./anonymise";
import { rehydrate } from "./rehydrate";

/**
 * The realistic corpus through the anonymiser as the pipeline calls it: each message with the
 * turns before it. tests/integration/spy-model.test.ts runs the same corpus through the real
 * pipeline and checks what the models receive.
 */
const corpus = loadPiiCorpus();

describe("the personal-data corpus", () => {
  it.each(corpus.map((c) => [c.id, c] as const))("%s: no personal value survives, every ordinary word does, all of it restores", (_id, conversation) => {
    const known = { names: [conversation.customer.name], handles: [conversation.customer.handle] };
    const texts = conversation.turns.map((t) => t.text);
    for (let i = 0; i < texts.length; i++) {
      const { text, history, mapping } = anonymiseConversation(texts[i]!, texts.slice(0, i), known);
      expect(findLeaks([text, ...history], piiValues(conversation)), `turn ${i + 1}`).toEqual([]);
      for (const word of conversation.turns[i]!.keep) expect(text, `turn ${i + 1} keeps "${word}"`).toContain(word);
      expect(rehydrate(text, mapping)).toBe(texts[i]);
      expect(history.map((h) => rehydrate(h, mapping))).toEqual(texts.slice(0, i));
    }
  });

  it("detects the leak check's own positives (the check can fail)", () => {
    expect(findLeaks(["Call +44 20 7946 0958 or mail O'BRIEN@example.ie"], ["442079460958", "o'brien@example.ie", "Tom"])).toEqual([
      "442079460958",
      "o'brien@example.ie",
    ]);
    expect(findLeaks(["tomorrow, 王伟想"], ["Tom", "王伟"])).toEqual(["王伟"]);
  });
});
