import { describe, expect, it } from "vitest";
import { stripUpstashFlags } from "./adapt-scripts";

describe("stripUpstashFlags", () => {
  it("removes Upstash-only flags and keeps the rest of the script", () => {
    expect(stripUpstashFlags("#!lua flags=allow-key-locking\nreturn 1")).toBe("#!lua\nreturn 1");
    expect(stripUpstashFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
  });

  it("leaves scripts without those flags untouched", () => {
    for (const script of ["return 1", "#!lua\nreturn 1", "#!lua flags=no-writes\nreturn 1"]) {
      expect(stripUpstashFlags(script)).toBe(script);
    }
  });
});
