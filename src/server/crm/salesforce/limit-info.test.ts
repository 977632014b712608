import { afterEach, describe, expect, it } from "vitest";
import { beginRequest, DAILY_RETRY_MS, dailyBudgetWait, forgetApiUsage, recordApiUsage } from "./limit-info";

const ORG = "https://acme.my.salesforce.example";

afterEach(() => forgetApiUsage());

describe("the org's daily allocation", () => {
  it("keeps the reserve, counting requests still pending as spent", () => {
    recordApiUsage(ORG, "api-usage=991/1000", 0); // 9 left, 5 kept for the org's other integrations
    const pending = [1, 2, 3, 4].map(() => {
      expect(dailyBudgetWait(ORG, 5, 0)).toBe(0);
      return beginRequest(ORG);
    });
    expect(dailyBudgetWait(ORG, 5, 0)).toBe(DAILY_RETRY_MS); // a fifth would eat into the reserve
    for (const settle of pending) settle();
    recordApiUsage(ORG, "api-usage=995/1000", 10);
    expect(dailyBudgetWait(ORG, 5, 20)).toBe(DAILY_RETRY_MS - 10); // answered: the figure says the same
    expect(dailyBudgetWait(ORG, 5, DAILY_RETRY_MS + 10)).toBe(0); // an hour on, one probe may go
  });

  it("settles a request once, however often it is told", () => {
    recordApiUsage(ORG, "api-usage=993/1000", 0);
    const first = beginRequest(ORG);
    const second = beginRequest(ORG);
    expect(dailyBudgetWait(ORG, 5, 0)).toBeGreaterThan(0);
    first();
    first();
    expect(dailyBudgetWait(ORG, 5, 0)).toBe(0); // 7 left, one pending: 6 > 5
    second();
  });
});
