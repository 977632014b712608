import { describe, expect, it } from "vitest";
import { describeCounts, describeInterval, formatDuration } from "./crm-labels";

describe("CRM page wording", () => {
  it("durations", () => {
    expect([formatDuration(null), formatDuration(850), formatDuration(12_400), formatDuration(180_000), formatDuration(185_000)]).toEqual(["–", "850 ms", "12.4 s", "3 min", "3 min 5 s"]);
  });

  it("intervals", () => {
    expect([describeInterval(5), describeInterval(60), describeInterval(120), describeInterval(90), describeInterval(1440)]).toEqual(["every 5 minutes", "every hour", "every 2 hours", "every 90 minutes", "once a day"]);
  });

  it("link counts, empty states left out", () => {
    expect(describeCounts({ PENDING: 3, SYNCED: 1200, FAILED: 2, DEAD: 0 })).toBe("1,200 synced · 3 pending · 2 failed");
    expect(describeCounts({ PENDING: 0, SYNCED: 0, FAILED: 0, DEAD: 1 })).toBe("1 gave up");
    expect(describeCounts({ PENDING: 0, SYNCED: 0, FAILED: 0, DEAD: 0 })).toBe("No leads sent yet");
  });
});
