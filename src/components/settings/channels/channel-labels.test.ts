import { describe, expect, it } from "vitest";
import { CHANNEL_STATUS_LABELS, formatHandle, isPolled, listEnvVars, providerForPlatform } from "./channel-labels";

describe("channel labels", () => {
  it("names every status in words", () => {
    expect(CHANNEL_STATUS_LABELS).toEqual({ ACTIVE: "Active", NEEDS_REAUTH: "Needs reconnect", DISCONNECTED: "Disconnected" });
  });

  it("maps platforms to the provider that reconnects them", () => {
    expect(providerForPlatform("FACEBOOK")).toBe("meta");
    expect(providerForPlatform("INSTAGRAM")).toBe("meta");
    expect(providerForPlatform("X")).toBe("x");
    expect(providerForPlatform("DEMO")).toBeNull();
    expect(providerForPlatform("LINKEDIN")).toBeNull();
  });

  it("knows X is polled and Meta is pushed", () => {
    expect(isPolled("X")).toBe(true);
    expect(isPolled("FACEBOOK")).toBe(false);
    expect(isPolled("DEMO")).toBe(false);
  });

  it("prefixes handles with a single @", () => {
    expect(formatHandle("acme")).toBe("@acme");
    expect(formatHandle("@acme")).toBe("@acme");
    expect(formatHandle(null)).toBeNull();
    expect(formatHandle("")).toBeNull();
  });

  it("lists the env variables a provider needs", () => {
    expect(listEnvVars("meta")).toBe("META_APP_ID and META_APP_SECRET");
    expect(listEnvVars("x")).toBe("X_CLIENT_ID");
  });
});
