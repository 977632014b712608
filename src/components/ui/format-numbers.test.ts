import { describe, expect, it } from "vitest";
import { formatPercent } from "./format-numbers";

describe("formatPercent", () => {
  it("rounds to whole percents but never shows a probability below 1 as 100%", () => {
    expect(formatPercent(0.734)).toBe("73%");
    expect(formatPercent(0.9983)).toBe("99%");
    expect(formatPercent(0.99999)).toBe("99%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0)).toBe("0%");
  });
});
