import { describe, expect, it } from "vitest";
import { CrmConfigError, CrmUnavailableError } from "../crm-connector";
import { checkWebhookUrl, isPrivateAddress } from "./webhook-target";

const resolvesTo = (...addresses: string[]) => async () => addresses;

describe("checkWebhookUrl", () => {
  it("outside production allows https anywhere and http only to localhost", async () => {
    expect((await checkWebhookUrl("http://127.0.0.1:4000/hook", { production: false })).port).toBe("4000");
    expect((await checkWebhookUrl("http://localhost/hook", { production: false })).hostname).toBe("localhost");
    await expect(checkWebhookUrl("http://crm.example.com/hook", { production: false })).rejects.toThrow(/must use https/);
  });

  it("in production requires https and a public address (SSRF)", async () => {
    await expect(checkWebhookUrl("http://127.0.0.1/hook", { production: true })).rejects.toBeInstanceOf(CrmConfigError);
    for (const host of ["https://10.0.0.5/h", "https://169.254.169.254/latest/meta-data", "https://[::1]/h", "https://192.168.1.1/h", "https://100.64.0.1/h"]) {
      await expect(checkWebhookUrl(host, { production: true })).rejects.toThrow(/private or reserved/);
    }
    await expect(checkWebhookUrl("https://hooks.example.com/h", { production: true, resolve: resolvesTo("93.184.216.34", "10.1.1.1") })).rejects.toThrow(/private or reserved/);
    await expect(checkWebhookUrl("https://hooks.example.com/h", { production: true, resolve: resolvesTo("::ffff:127.0.0.1") })).rejects.toThrow(/private or reserved/);
    expect((await checkWebhookUrl("https://hooks.example.com/h", { production: true, resolve: resolvesTo("93.184.216.34") })).host).toBe("hooks.example.com");
  });

  it("refuses other schemes, credentials in the URL and garbage; a DNS hiccup is transient", async () => {
    await expect(checkWebhookUrl("ftp://example.com/x", { production: false })).rejects.toThrow(/https/);
    await expect(checkWebhookUrl("https://user:pw@example.com/x", { production: false })).rejects.toThrow(/user name or password/);
    await expect(checkWebhookUrl("not a url", { production: false })).rejects.toThrow(/not a valid URL/);
    const enotfound = async () => { throw Object.assign(new Error("x"), { code: "ENOTFOUND" }); };
    const eagain = async () => { throw Object.assign(new Error("x"), { code: "EAI_AGAIN" }); };
    await expect(checkWebhookUrl("https://nowhere.example/h", { production: true, resolve: enotfound })).rejects.toBeInstanceOf(CrmConfigError);
    await expect(checkWebhookUrl("https://nowhere.example/h", { production: true, resolve: eagain })).rejects.toBeInstanceOf(CrmUnavailableError);
  });

  it("classifies addresses", () => {
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700:4700::1111")).toBe(false);
    expect(isPrivateAddress("172.16.3.4")).toBe(true);
    expect(isPrivateAddress("fd00::1")).toBe(true);
    expect(isPrivateAddress("fe80::1")).toBe(true);
    expect(isPrivateAddress("not-an-ip")).toBe(true);
  });
});
