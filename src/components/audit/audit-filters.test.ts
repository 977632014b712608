import { describe, expect, it } from "vitest";
import { auditExportHref, describeRangeError, EMPTY_AUDIT_FILTERS, toAuditFilters } from "./audit-filters";

describe("audit log filters", () => {
  it("sends nothing for empty fields", () => {
    expect(toAuditFilters(EMPTY_AUDIT_FILTERS)).toEqual({});
    expect(auditExportHref({})).toBe("/api/audit/export");
  });

  it("includes both days of a range, in local time", () => {
    const filters = toAuditFilters({ action: "knowledge.import", actor: "user:abc", fromDay: "2026-11-02", toDay: "2026-11-03" });
    expect(filters.from).toEqual(new Date(2026, 10, 2));
    expect(filters.to).toEqual(new Date(2026, 10, 4));
    const href = new URL(auditExportHref(filters), "http://x");
    expect(Object.fromEntries(href.searchParams)).toEqual({ action: "knowledge.import", actor: "user:abc", from: new Date(2026, 10, 2).toISOString(), to: new Date(2026, 10, 4).toISOString() });
    // Month ends roll over.
    expect(toAuditFilters({ ...EMPTY_AUDIT_FILTERS, toDay: "2026-12-31" }).to).toEqual(new Date(2027, 0, 1));
  });

  it("flags a reversed range and ignores a malformed day", () => {
    expect(describeRangeError({ ...EMPTY_AUDIT_FILTERS, fromDay: "2026-11-05", toDay: "2026-11-04" })).toMatch(/before/);
    expect(describeRangeError({ ...EMPTY_AUDIT_FILTERS, fromDay: "2026-11-05", toDay: "2026-11-05" })).toBeNull();
    expect(toAuditFilters({ ...EMPTY_AUDIT_FILTERS, fromDay: "11/05/2026" })).toEqual({});
  });
});
