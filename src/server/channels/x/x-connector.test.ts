import { describe, expect, it } from "vitest";
import { connectorFor, connectorForSlug } from "../registry";
import { xCapabilities } from "./x-capabilities";
import { xConnector } from "./x-connector";

describe("xConnector", () => {
  it("is registered for X and its webhook slug", () => {
    expect(connectorFor("X")).toBe(xConnector);
    expect(connectorForSlug("x")).toBe(xConnector);
  });

  it("takes no webhooks and is polled every minute", () => {
    expect(xConnector.webhook).toBeUndefined();
    expect(xConnector.poller?.intervalSeconds).toBe(60);
  });

  it("declares mentions (280 weighted) and DMs (10,000), no window, automated replies allowed", () => {
    expect(xConnector.capabilities).toBe(xCapabilities);
    expect(xCapabilities).toEqual({ surfaces: ["MENTION", "DM"], replyLimits: { MENTION: { max: 280, unit: "x-weighted" }, DM: { max: 10_000, unit: "chars" }, COMMENT: { max: 280, unit: "x-weighted" } }, replyWindowHours: null, humanReplyWindowHours: null, automatedReplies: true });
    expect(xConnector.capabilities.replyWindowHours).toBeNull();
  });
});
