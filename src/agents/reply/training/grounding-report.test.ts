import { describe, expect, it } from "vitest";
import { formatGroundingReport, groundingCaseSchema, judgeCases } from "./grounding-report";

const knowledge = [{ title: "Prices", body: "The Pro plan costs $29 per month. Orders ship within 2 business days." }];
const base = { language: "en", knowledge, message: "how much is pro?", invented: [], kinds: [] };
const cases = [
  groundingCaseSchema.parse({ ...base, id: "ok", reply: "Hi! The Pro plan is $29 per month 😊", grounded: true }),
  groundingCaseSchema.parse({ ...base, id: "price", reply: "Hi! The Pro plan is $19 per month.", grounded: false, invented: ["$19 per month"], kinds: ["price"] }),
];

describe("the grounding report", () => {
  it("counts invented replies blocked and grounded replies passed, and lists what got through", () => {
    const verdicts = judgeCases(cases);
    expect(verdicts.map((v) => [v.c.id, v.blocked])).toEqual([["ok", false], ["price", true]]);
    const report = formatGroundingReport(verdicts, "test");
    expect(report).toContain("replies with an invented claim blocked 100.0% (1/1; target 100%)");
    expect(report).toContain("grounded replies passed               100.0% (1/1; target >= 90%)");
    expect(report).toMatch(/price\s+100\.0%\s+\(1\/1\)/);
  });
});
