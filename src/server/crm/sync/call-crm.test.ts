import { describe, expect, it } from "vitest";
import { CrmAuthError, type CrmCredentials } from "../crm-connector";
import { callCrm, type CredentialSource } from "./call-crm";
import { CrmPacer } from "./pacer";

const creds = (accessToken: string): CrmCredentials => ({ connectionId: "c1", accessToken, metadata: {} });
const pacer = () => new CrmPacer({ batchSize: 10, burst: { requests: 100, perMs: 1_000 }, dailyRequests: null });
const noSleep = async () => undefined;

describe("callCrm with two batches in flight", () => {
  it("refreshes a refused token once: a call refused meanwhile waits for that refresh and repeats with it", async () => {
    let refreshes = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source: CredentialSource = {
      current: creds("old"),
      refresh: async () => {
        refreshes += 1;
        await gate;
        return creds("new");
      },
    };
    const call = async (c: CrmCredentials) => {
      if (c.accessToken !== "new") throw new CrmAuthError("401");
      return c.accessToken;
    };
    const both = Promise.all([callCrm(source, pacer(), call, noSleep), callCrm(source, pacer(), call, noSleep)]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(await both).toEqual(["new", "new"]);
    expect(refreshes).toBe(1);
  });

  it("fails a call refused with the refreshed token, and never refreshes twice in a run", async () => {
    let refreshes = 0;
    const source: CredentialSource = { current: creds("old"), refresh: async () => (refreshes += 1, creds("new")) };
    const refused = async () => {
      throw new CrmAuthError("401");
    };
    await expect(callCrm(source, pacer(), refused, noSleep)).rejects.toThrow(CrmAuthError);
    await expect(callCrm(source, pacer(), refused, noSleep)).rejects.toThrow(CrmAuthError);
    expect(refreshes).toBe(1);
  });

  it("does not refresh credentials that cannot be refreshed (API tokens)", async () => {
    const source: CredentialSource = { current: creds("token"), refresh: null };
    await expect(callCrm(source, pacer(), async () => { throw new CrmAuthError("401"); }, noSleep)).rejects.toThrow(CrmAuthError);
  });
});
