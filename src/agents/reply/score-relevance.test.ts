import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEV_ARTICLES_PATH, DEV_PAIRS_PATH, fitCutoff, scoreDevSet } from "./training/fit-relevance-cutoff";
import { relevantKnowledge, RELEVANCE_CUTOFF, scoreRelevance } from "./score-relevance";
import { KNOWLEDGE } from "../../../tests/helpers/agents/test-knowledge";

describe("scoreRelevance", () => {
  it("scores an article that covers the question above one that only shares a word", () => {
    const shipping = KNOWLEDGE.find((k) => k.id === "kb-shipping")!;
    const pricing = KNOWLEDGE.find((k) => k.id === "kb-pricing")!;
    expect(scoreRelevance("Do you ship to Canada?", shipping)).toBe(1);
    expect(scoreRelevance("Do you ship to Canada?", pricing)).toBeLessThan(RELEVANCE_CUTOFF);
  });

  it("matches concepts across languages", () => {
    const shipping = KNOWLEDGE.find((k) => k.id === "kb-shipping")!;
    expect(scoreRelevance("¿Hacen envíos a Canada?", shipping)).toBeGreaterThanOrEqual(RELEVANCE_CUTOFF);
    expect(scoreRelevance("Liefert ihr nach Canada?", shipping)).toBeGreaterThanOrEqual(RELEVANCE_CUTOFF);
  });

  it("is 0 for a message without content words", () => {
    expect(scoreRelevance("hi!! ??", KNOWLEDGE[0]!)).toBe(0);
    expect(scoreRelevance("", KNOWLEDGE[0]!)).toBe(0);
  });

  it("keeps only the relevant articles, most relevant first, and none for an off-topic question", () => {
    expect(relevantKnowledge("How long does shipping take to the UK?", KNOWLEDGE).map((k) => k.id)).toEqual(["kb-shipping"]);
    expect(relevantKnowledge("Do you sell gift cards?", KNOWLEDGE)).toEqual([]);
  });
});

describe("the relevance cut-off", () => {
  const { scored, problems } = scoreDevSet(DEV_PAIRS_PATH, DEV_ARTICLES_PATH);

  it("is the one fitted on the dev set (rerun calibrate-relevance.ts after changing the scorer or the data)", () => {
    expect(problems).toEqual([]);
    const shipped = JSON.parse(readFileSync(new URL("./model/relevance-cutoff.json", import.meta.url), "utf8")) as { cutoff: number };
    expect(fitCutoff(scored).cutoff).toBe(shipped.cutoff);
    expect(RELEVANCE_CUTOFF).toBe(shipped.cutoff);
  });

  it("keeps irrelevant articles out on the dev set (precision first), in several languages", () => {
    const fit = fitCutoff(scored);
    expect(fit.precision).toBeGreaterThanOrEqual(0.9);
    expect(fit.recall).toBeGreaterThanOrEqual(0.5);
    expect(new Set(scored.map((s) => s.lang))).toEqual(new Set(["en", "es", "fr", "de", "pt"]));
  });
});

describe("fitCutoff", () => {
  it("puts the cut-off between the scores that separate the labels", () => {
    const fit = fitCutoff([
      { score: 0.2, relevant: false },
      { score: 0.4, relevant: false },
      { score: 0.8, relevant: true },
      { score: 1, relevant: true },
    ]);
    expect(fit).toMatchObject({ cutoff: 0.6, precision: 1, recall: 1 });
  });

  it("refuses data it cannot fit on, with a clear error", () => {
    expect(() => fitCutoff([])).toThrow(/no rows/);
    expect(() => fitCutoff([{ score: 0.5, relevant: true }])).toThrow(/both relevant and irrelevant/);
  });

  it("reports malformed dev-set lines, and names an unknown article", () => {
    const dir = mkdtempSync(join(tmpdir(), "relevance-dev-"));
    const articles = join(dir, "articles.json");
    writeFileSync(articles, JSON.stringify({ kb: [{ id: "a1", title: "Shipping", body: "We ship to Canada." }] }));
    const pairs = join(dir, "pairs.jsonl");
    writeFileSync(pairs, ['{"lang":"en","question":"Ship to Canada?","article":"a1","relevant":true}', "not json", '{"lang":"en","question":"x"}'].join("\n"));
    const { scored, problems } = scoreDevSet(pairs, articles);
    expect(scored).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    writeFileSync(pairs, '{"lang":"en","question":"Ship?","article":"missing","relevant":true}');
    expect(() => scoreDevSet(pairs, articles)).toThrow(/unknown article "missing"/);
  });
});
