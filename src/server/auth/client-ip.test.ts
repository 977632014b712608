import { describe, expect, it } from "vitest";
import { clientIp, UNKNOWN_CLIENT_IP } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  it("believes no forwarded header by default (TRUST_PROXY=0)", () => {
    expect(clientIp(xff("203.0.113.7"), 0)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.7" }), 0)).toBe(UNKNOWN_CLIENT_IP);
  });

  it("counts trusted hops from the right, ignoring what the client prepended", () => {
    // client forged "1.1.1.1"; proxy 1 saw the client as 203.0.113.7; proxy 2 saw proxy 1 as 10.0.0.2.
    const headers = xff("1.1.1.1, 203.0.113.7, 10.0.0.2");
    expect(clientIp(headers, 1)).toBe("10.0.0.2");
    expect(clientIp(headers, 2)).toBe("203.0.113.7");
    expect(clientIp(headers, 3)).toBe("1.1.1.1");
  });

  it("joins repeated header lines as one list (node request headers)", () => {
    expect(clientIp({ "x-forwarded-for": ["9.9.9.9", "203.0.113.8"] }, 1)).toBe("203.0.113.8");
    expect(clientIp({ "x-forwarded-for": "9.9.9.9, 2001:db8::1" }, 1)).toBe("2001:db8::1");
  });

  it("maps short headers, missing headers and non-addresses to one shared key", () => {
    expect(clientIp(xff("203.0.113.7"), 2)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(new Headers(), 1)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(undefined, 1)).toBe(UNKNOWN_CLIENT_IP);
    expect(clientIp(xff("1.1.1.1, not-an-ip"), 1)).toBe(UNKNOWN_CLIENT_IP);
  });

  it("on Vercel reads Vercel's own headers, never X-Forwarded-For", () => {
    expect(clientIp(new Headers({ "x-vercel-forwarded-for": "203.0.113.9", "x-forwarded-for": "1.1.1.1" }), "vercel")).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.10", "x-forwarded-for": "1.1.1.1" }), "vercel")).toBe("203.0.113.10");
    expect(clientIp(xff("1.1.1.1"), "vercel")).toBe(UNKNOWN_CLIENT_IP);
  });
});
