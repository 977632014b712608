import { describe, expect, it } from "vitest";
import { canExportPii, hasRole, visibleConversations } from "./access-rules";

describe("access rules", () => {
  it("ranks roles viewer < agent < admin", () => {
    expect(hasRole("ADMIN", "AGENT")).toBe(true);
    expect(hasRole("AGENT", "AGENT")).toBe(true);
    expect(hasRole("VIEWER", "AGENT")).toBe(false);
    expect(hasRole("AGENT", "ADMIN")).toBe(false);
  });

  it("lets agents see unassigned and their own conversations, others the whole workspace", () => {
    expect(visibleConversations("ws", "AGENT", "u1")).toEqual({ workspaceId: "ws", OR: [{ assigneeId: null }, { assigneeId: "u1" }] });
    expect(visibleConversations("ws", "VIEWER", "u1")).toEqual({ workspaceId: "ws" });
    expect(visibleConversations("ws", "ADMIN", "u1")).toEqual({ workspaceId: "ws" });
  });

  it("lets only admins export personal data", () => {
    expect([canExportPii("ADMIN"), canExportPii("AGENT"), canExportPii("VIEWER")]).toEqual([true, false, false]);
  });
});
