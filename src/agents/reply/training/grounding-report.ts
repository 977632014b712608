import { z } from "zod";
import { checkReply, type Violation } from "../guardrails";

/** One case of the grounding dev set (tests/fixtures/reply-grounding/README.md). */
export const groundingCaseSchema = z.object({
  id: z.string().min(1),
  language: z.string().min(2),
  knowledge: z.array(z.object({ title: z.string(), body: z.string() })),
  message: z.string(),
  reply: z.string().min(1),
  grounded: z.boolean(),
  invented: z.array(z.string()).default([]),
  kinds: z.array(z.string()).default([]),
});
export type GroundingCase = z.infer<typeof groundingCaseSchema>;

export type GroundingVerdict = { c: GroundingCase; blocked: boolean; violations: Violation[] };

/** The guardrails' verdict on every case; length and PII are left out (this measures facts). */
export function judgeCases(cases: readonly GroundingCase[]): GroundingVerdict[] {
  return cases.map((c) => {
    const knowledge = c.knowledge.map((k, i) => ({ id: `${c.id}-${i}`, title: k.title, body: k.body, rank: 1 }));
    const { violations } = checkReply(c.reply, { knowledge, customerMessage: c.message, platform: "facebook", surface: "DM" });
    const factual = violations.filter((v) => v.kind !== "length" && v.kind !== "empty");
    return { c, blocked: factual.length > 0, violations: factual };
  });
}

const pct = (n: number, d: number) => (d === 0 ? "   -  " : `${((100 * n) / d).toFixed(1)}%`.padStart(6));

/** Invented replies blocked and grounded replies passed, overall, per kind of invented claim and per language. */
export function formatGroundingReport(verdicts: readonly GroundingVerdict[], title: string): string {
  const invented = verdicts.filter((v) => !v.c.grounded);
  const grounded = verdicts.filter((v) => v.c.grounded);
  const blocked = invented.filter((v) => v.blocked).length;
  const passed = grounded.filter((v) => !v.blocked).length;
  const lines = [
    `${title} (n=${verdicts.length}: ${grounded.length} grounded, ${invented.length} with invented claims)`,
    `  replies with an invented claim blocked ${pct(blocked, invented.length)} (${blocked}/${invented.length}; target 100%)`,
    `  grounded replies passed               ${pct(passed, grounded.length)} (${passed}/${grounded.length}; target >= 90%)`,
    "",
    "  blocked, by kind of invented claim (a reply with two kinds counts under both)",
  ];
  const kinds = [...new Set(invented.flatMap((v) => v.c.kinds))].sort();
  for (const kind of kinds) {
    const of = invented.filter((v) => v.c.kinds.includes(kind));
    lines.push(`    ${kind.padEnd(20)} ${pct(of.filter((v) => v.blocked).length, of.length)}  (${of.filter((v) => v.blocked).length}/${of.length})`);
  }
  lines.push("", "  by language: invented blocked / grounded passed");
  for (const language of [...new Set(verdicts.map((v) => v.c.language))].sort()) {
    const inv = invented.filter((v) => v.c.language === language);
    const gr = grounded.filter((v) => v.c.language === language);
    lines.push(`    ${language.padEnd(4)} ${pct(inv.filter((v) => v.blocked).length, inv.length)} of ${String(inv.length).padStart(3)}   ${pct(gr.filter((v) => !v.blocked).length, gr.length)} of ${String(gr.length).padStart(3)}`);
  }
  const missed = invented.filter((v) => !v.blocked);
  if (missed.length > 0) {
    lines.push("", `  invented claims that passed (${missed.length}):`);
    for (const v of missed.slice(0, 40)) lines.push(`    ${v.c.id}: ${v.c.invented.map((s) => JSON.stringify(s)).join(", ")} [${v.c.kinds.join(", ")}]`);
  }
  const refused = grounded.filter((v) => v.blocked);
  if (refused.length > 0) {
    lines.push("", `  grounded replies blocked (${refused.length}):`);
    for (const v of refused.slice(0, 40)) lines.push(`    ${v.c.id}: ${v.violations.map((x) => `${x.kind}: ${x.detail}`).join("; ")}`);
  }
  return lines.join("\n");
}
