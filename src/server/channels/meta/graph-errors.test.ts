import { describe, expect, it } from "vitest";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError } from "../connector";
import { DEFAULT_RETRY_AFTER_SECONDS, graphErrorFor, MetaGraphUnavailableError, MetaWindowClosedError, retryAfterSeconds } from "./graph-errors";

const body = (code: number, subcode?: number, extra: Record<string, unknown> = {}) => ({ error: { message: "secret-looking text EAAB...", type: "OAuthException", code, error_subcode: subcode, fbtrace_id: "Abc123", ...extra } });
const none = new Headers();

describe("graphErrorFor", () => {
  it("classifies by code, whatever the HTTP status", () => {
    expect(graphErrorFor("send", 400, body(190, 460), none)).toBeInstanceOf(ChannelAuthError);
    expect(graphErrorFor("send", 400, body(102), none)).toBeInstanceOf(ChannelAuthError);
    for (const code of [4, 17, 32, 613]) expect(graphErrorFor("send", code === 4 ? 403 : 400, body(code), none)).toBeInstanceOf(ChannelRateLimitedError);
    expect(graphErrorFor("send", 400, body(10, 2018278), none)).toBeInstanceOf(MetaWindowClosedError);
    expect(graphErrorFor("send", 400, body(10, 2018278), none)).toBeInstanceOf(ChannelRejectedError);
    for (const [code, sub] of [[551, 1545041], [100, 2018001], [10, 2018108], [200, undefined]] as const) {
      const error = graphErrorFor("send", 400, body(code, sub), none);
      expect(error).toBeInstanceOf(ChannelRejectedError);
      expect(error).not.toBeInstanceOf(MetaWindowClosedError);
    }
    expect(graphErrorFor("send", 500, body(2, undefined, { is_transient: true }), none)).toBeInstanceOf(MetaGraphUnavailableError);
    expect(graphErrorFor("send", 400, body(1), none)).toBeInstanceOf(MetaGraphUnavailableError);
  });

  it("maps bodies without a Graph error by status: 429 rate-limited, 5xx transient, other 4xx rejected", () => {
    expect(graphErrorFor("send", 429, undefined, new Headers({ "retry-after": "42" }))).toMatchObject({ retryAfterSeconds: 42 });
    expect(graphErrorFor("send", 502, undefined, none)).toBeInstanceOf(MetaGraphUnavailableError);
    expect(graphErrorFor("send", 404, "<html>", none)).toBeInstanceOf(ChannelRejectedError);
  });

  it("names the operation and codes, never Meta's message", () => {
    const error = graphErrorFor("comment.reply", 400, body(190, 463), none);
    expect(error.message).toBe("Graph comment.reply failed: code 190/463 (fbtrace Abc123)");
  });
});

describe("retryAfterSeconds", () => {
  it("reads Retry-After, then the largest estimated_time_to_regain_access (minutes), else the default", () => {
    expect(retryAfterSeconds(new Headers({ "retry-after": "30" }))).toBe(30);
    const buc = JSON.stringify({ "101": [{ type: "pages", call_count: 100, estimated_time_to_regain_access: 2 }], "102": [{ type: "pages", estimated_time_to_regain_access: 7 }] });
    expect(retryAfterSeconds(new Headers({ "x-business-use-case-usage": buc }))).toBe(420);
    expect(retryAfterSeconds(new Headers({ "x-business-use-case-usage": JSON.stringify({ "101": [{ estimated_time_to_regain_access: 100_000 }] }) }))).toBe(3_600);
    expect(retryAfterSeconds(new Headers({ "x-business-use-case-usage": "{broken" }))).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    expect(retryAfterSeconds(new Headers({ "x-app-usage": '{"call_count":100}' }))).toBe(DEFAULT_RETRY_AFTER_SECONDS);
  });
});
