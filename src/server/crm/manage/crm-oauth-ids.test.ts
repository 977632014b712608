import { describe, expect, it } from "vitest";
import { OAUTH_PROVIDER_IDS } from "../../channels/oauth-providers";
import { CRM_OAUTH_IDS, crmOAuthIdOf, crmProviderOfOAuthId, isCrmOAuthId } from "./crm-oauth-ids";

describe("CRM OAuth ids (the /api/oauth/<id>/ segment)", () => {
  it("maps each OAuth CRM both ways; the webhook has none", () => {
    for (const id of CRM_OAUTH_IDS) expect(crmOAuthIdOf(crmProviderOfOAuthId(id))).toBe(id);
    expect(crmOAuthIdOf("WEBHOOK")).toBeNull();
  });

  it("never collides with a channel provider id, and refuses inherited keys", () => {
    for (const id of OAUTH_PROVIDER_IDS) expect(isCrmOAuthId(id)).toBe(false);
    expect(isCrmOAuthId("toString")).toBe(false);
    expect(isCrmOAuthId("__proto__")).toBe(false);
    expect(isCrmOAuthId("hubspot")).toBe(true);
  });
});
