import { afterEach, describe, expect, it, vi } from "vitest";
import { askBrowserPermission, browserPermission, newHotLeads } from "./browser-alerts";

const item = (id: string, kind = "HOT_LEAD", read = false) => ({ id, kind, read });

afterEach(() => vi.unstubAllGlobals());

describe("newHotLeads", () => {
  it("announces nothing on the first load, then only unread hot leads not seen before", () => {
    expect(newHotLeads(null, [item("a")])).toEqual([]);
    const seen = new Set(["a"]);
    expect(newHotLeads(seen, [item("a"), item("b"), item("c", "SEND_FAILED"), item("d", "HOT_LEAD", true)]).map((i) => i.id)).toEqual(["b"]);
  });
});

describe("permission", () => {
  it("is unsupported without the Notification API", async () => {
    vi.stubGlobal("window", {});
    expect(browserPermission()).toBe("unsupported");
    expect(await askBrowserPermission()).toBe("unsupported");
  });

  it("treats a refused or throwing prompt as denied", async () => {
    vi.stubGlobal("window", { Notification: { permission: "default", requestPermission: async () => "denied" } });
    expect(await askBrowserPermission()).toBe("denied");
    vi.stubGlobal("window", { Notification: { permission: "default", requestPermission: async () => { throw new Error("blocked"); } } });
    expect(await askBrowserPermission()).toBe("denied");
    vi.stubGlobal("window", { Notification: { permission: "granted", requestPermission: async () => "granted" } });
    expect(browserPermission()).toBe("granted");
  });
});
