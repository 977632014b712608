import { describe, expect, it } from "vitest";
import { describeConnected, initialSelection, selectableAccounts, toggleSelection } from "./account-selection";

const pageA = { externalId: "p1", alreadyConnected: false };
const pageB = { externalId: "p2", alreadyConnected: true };
const pageC = { externalId: "p3", alreadyConnected: false };

describe("account selection", () => {
  it("leaves already-connected accounts out", () => {
    expect(selectableAccounts([pageA, pageB, pageC])).toEqual([pageA, pageC]);
  });

  it("ticks a lone connectable account and nothing when there is a choice", () => {
    expect(initialSelection([{ externalId: "x1", alreadyConnected: false }])).toEqual(["x1"]);
    expect(initialSelection([pageA, pageB])).toEqual(["p1"]);
    expect(initialSelection([pageA, pageC])).toEqual([]);
    expect(initialSelection([pageB])).toEqual([]);
  });

  it("toggles in the accounts' order and never selects a connected account", () => {
    const accounts = [pageA, pageB, pageC];
    expect(toggleSelection(accounts, ["p3"], "p1", true)).toEqual(["p1", "p3"]);
    expect(toggleSelection(accounts, ["p1", "p3"], "p1", false)).toEqual(["p3"]);
    expect(toggleSelection(accounts, [], "p2", true)).toEqual([]);
    expect(toggleSelection(accounts, [], "unknown", true)).toEqual([]);
  });
});

describe("describeConnected", () => {
  it("counts what was connected, singular and plural", () => {
    expect(describeConnected(1)).toBe("Connected 1 channel. New messages on it will appear in the inbox.");
    expect(describeConnected(3)).toBe("Connected 3 channels. New messages on them will appear in the inbox.");
  });

  it("says so when nothing new was connected", () => {
    expect(describeConnected(0)).toMatch(/^Nothing new was connected/);
  });
});
