import { describe, expect, it } from "vitest";
import { isValidTimeZone, isWithinQuietHours, localMinutes, timeZoneOptions } from "./quiet-hours";

const at = (iso: string) => new Date(iso);
const berlin = { start: "22:00", end: "07:00", timeZone: "Europe/Berlin" };
const newYork = { start: "22:00", end: "07:00", timeZone: "America/New_York" };

describe("quiet hours", () => {
  it("crosses midnight: from the start (inclusive) through midnight to the end (exclusive)", () => {
    const utc = { start: "22:00", end: "07:00", timeZone: "UTC" };
    expect(isWithinQuietHours(utc, at("2026-06-10T21:59:00Z"))).toBe(false);
    expect(isWithinQuietHours(utc, at("2026-06-10T22:00:00Z"))).toBe(true);
    expect(isWithinQuietHours(utc, at("2026-06-10T23:59:00Z"))).toBe(true);
    expect(isWithinQuietHours(utc, at("2026-06-11T00:00:00Z"))).toBe(true);
    expect(isWithinQuietHours(utc, at("2026-06-11T06:59:00Z"))).toBe(true);
    expect(isWithinQuietHours(utc, at("2026-06-11T07:00:00Z"))).toBe(false);
    expect(isWithinQuietHours(utc, at("2026-06-11T12:00:00Z"))).toBe(false);
  });

  it("handles a window within one day", () => {
    const office = { start: "09:00", end: "17:30", timeZone: "Asia/Tokyo" };
    expect(isWithinQuietHours(office, at("2026-06-10T23:59:00Z"))).toBe(false); // 08:59 in Tokyo
    expect(isWithinQuietHours(office, at("2026-06-11T00:00:00Z"))).toBe(true); // 09:00
    expect(isWithinQuietHours(office, at("2026-06-11T08:29:00Z"))).toBe(true); // 17:29
    expect(isWithinQuietHours(office, at("2026-06-11T08:30:00Z"))).toBe(false); // 17:30
  });

  it("follows Berlin's wall clock across the spring change (29 March 2026, 02:00 -> 03:00)", () => {
    // The day before: CET, UTC+1.
    expect(isWithinQuietHours(berlin, at("2026-03-28T05:59:00Z"))).toBe(true);
    expect(isWithinQuietHours(berlin, at("2026-03-28T06:00:00Z"))).toBe(false);
    expect(isWithinQuietHours(berlin, at("2026-03-28T20:59:00Z"))).toBe(false);
    expect(isWithinQuietHours(berlin, at("2026-03-28T21:00:00Z"))).toBe(true);
    // The night of the change: quiet hours end at 07:00 CEST, which is 05:00 UTC (a fixed +1 offset would say 06:00).
    expect(isWithinQuietHours(berlin, at("2026-03-29T01:30:00Z"))).toBe(true); // 03:30 CEST
    expect(isWithinQuietHours(berlin, at("2026-03-29T04:59:00Z"))).toBe(true);
    expect(isWithinQuietHours(berlin, at("2026-03-29T05:00:00Z"))).toBe(false);
    expect(isWithinQuietHours(berlin, at("2026-03-29T05:30:00Z"))).toBe(false);
    // That evening they start at 22:00 CEST = 20:00 UTC.
    expect(isWithinQuietHours(berlin, at("2026-03-29T19:59:00Z"))).toBe(false);
    expect(isWithinQuietHours(berlin, at("2026-03-29T20:00:00Z"))).toBe(true);
  });

  it("follows Berlin's wall clock across the autumn change (25 October 2026, 03:00 -> 02:00)", () => {
    expect(isWithinQuietHours(berlin, at("2026-10-24T04:59:00Z"))).toBe(true); // 06:59 CEST
    expect(isWithinQuietHours(berlin, at("2026-10-24T05:00:00Z"))).toBe(false); // 07:00 CEST
    expect(isWithinQuietHours(berlin, at("2026-10-25T00:30:00Z"))).toBe(true); // 02:30 CEST, before the change
    expect(isWithinQuietHours(berlin, at("2026-10-25T01:30:00Z"))).toBe(true); // 02:30 CET, the repeated hour
    expect(isWithinQuietHours(berlin, at("2026-10-25T05:59:00Z"))).toBe(true); // 06:59 CET
    expect(isWithinQuietHours(berlin, at("2026-10-25T06:00:00Z"))).toBe(false); // 07:00 CET
  });

  it("follows New York's wall clock on both change days (8 March and 1 November 2026)", () => {
    expect(isWithinQuietHours(newYork, at("2026-03-08T10:59:00Z"))).toBe(true); // 06:59 EDT
    expect(isWithinQuietHours(newYork, at("2026-03-08T11:00:00Z"))).toBe(false); // 07:00 EDT
    expect(isWithinQuietHours(newYork, at("2026-03-07T11:59:00Z"))).toBe(true); // 06:59 EST the day before
    expect(isWithinQuietHours(newYork, at("2026-03-07T12:00:00Z"))).toBe(false);
    expect(isWithinQuietHours(newYork, at("2026-11-01T11:59:00Z"))).toBe(true); // 06:59 EST
    expect(isWithinQuietHours(newYork, at("2026-11-01T12:00:00Z"))).toBe(false); // 07:00 EST
    expect(isWithinQuietHours(newYork, at("2026-11-01T02:00:00Z"))).toBe(true); // 22:00 EDT on 31 October
    expect(isWithinQuietHours(newYork, at("2026-11-01T01:59:00Z"))).toBe(false); // 21:59 EDT
  });

  it("treats a window around the skipped hour by the clock that is shown", () => {
    const skipped = { start: "02:30", end: "03:30", timeZone: "America/New_York" };
    expect(localMinutes(at("2026-03-08T07:00:00Z"), "America/New_York")).toBe(3 * 60); // 02:00 EST became 03:00 EDT
    expect(isWithinQuietHours(skipped, at("2026-03-08T06:59:00Z"))).toBe(false); // 01:59 EST
    expect(isWithinQuietHours(skipped, at("2026-03-08T07:00:00Z"))).toBe(true); // 03:00 EDT
    expect(isWithinQuietHours(skipped, at("2026-03-08T07:30:00Z"))).toBe(false); // 03:30 EDT
  });

  it("knows the IANA zones and refuses anything else", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    for (const bad of ["Mars/Olympus_Mons", "", " Europe/Berlin", "+02:00 but not a zone", "Europe/Berlin; DROP"]) expect(isValidTimeZone(bad)).toBe(false);
    const options = timeZoneOptions();
    expect(options[0]).toBe("UTC");
    expect(options).toContain("Europe/Berlin");
    expect(new Set(options).size).toBe(options.length);
  });
});
