import { describe, expect, it } from "vitest";
import { exportFileName } from "./save-json";

describe("exportFileName", () => {
  it("names the file by contact id and day, dropping anything a path could use", () => {
    expect(exportFileName("ck_123", new Date("2026-11-30T15:00:00Z"))).toBe("leadline-contact-ck_123-2026-11-30.json");
    expect(exportFileName("../etc/passwd", "2026-01-02T00:00:00.000Z")).toBe("leadline-contact-etcpasswd-2026-01-02.json");
  });

  it("refuses a date that is not one", () => {
    expect(() => exportFileName("ck_1", "not a date")).toThrow(RangeError);
  });
});
