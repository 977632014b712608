import { describe, expect, it } from "vitest";
import { readConnectParams } from "./read-connect-params";

describe("readConnectParams", () => {
  it("opens the picker for a flow id", () => {
    expect(readConnectParams({ connect: "cm9flow_01-A" })).toEqual({ kind: "pick", flowId: "cm9flow_01-A" });
  });

  it("shows an error code, which wins over a flow id", () => {
    expect(readConnectParams({ error: "denied" })).toEqual({ kind: "error", code: "denied" });
    expect(readConnectParams({ error: "expired", connect: "f1" })).toEqual({ kind: "error", code: "expired" });
  });

  it("turns a malformed error code into an unknown one", () => {
    expect(readConnectParams({ error: "Bad <b>code</b>" })).toEqual({ kind: "error", code: "unknown" });
  });

  it("ignores repeated, empty or malformed values", () => {
    expect(readConnectParams({})).toEqual({ kind: "none" });
    expect(readConnectParams({ connect: ["a", "b"] })).toEqual({ kind: "none" });
    expect(readConnectParams({ connect: "" })).toEqual({ kind: "none" });
    expect(readConnectParams({ connect: "../../etc" })).toEqual({ kind: "none" });
  });
});
