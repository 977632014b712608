import { describe, expect, it } from "vitest";
import { snoozePresets } from "./snooze-presets";

describe("snoozePresets", () => {
  it("offers three hours, tomorrow 9:00 and next Monday 9:00, all in the future", () => {
    const wednesdayEvening = new Date(2026, 10, 25, 21, 30); // Wed 25 Nov 2026
    const [later, tomorrow, nextWeek] = snoozePresets(wednesdayEvening);
    expect(later!.until.getTime() - wednesdayEvening.getTime()).toBe(3 * 3_600_000);
    expect(tomorrow!.until).toEqual(new Date(2026, 10, 26, 9));
    expect(nextWeek!.until).toEqual(new Date(2026, 10, 30, 9));
  });

  it("on a Monday, next week's is the Monday after", () => {
    const monday = new Date(2026, 10, 30, 8);
    expect(snoozePresets(monday)[2]!.until).toEqual(new Date(2026, 11, 7, 9));
    for (const p of snoozePresets(monday)) expect(p.until.getTime()).toBeGreaterThan(monday.getTime());
  });
});
