import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { countingBody, postRequest } from "../../../../tests/helpers/counting-body";
import { readBodyLimited, readTextLimited, withLimitedBody } from "./read-body-limited";

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return postRequest("http://x/test", body, headers);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readBodyLimited", () => {
  it("refuses a 64 MB chunked body after pulling little more than the limit", async () => {
    const body = countingBody(64 * 1024 * 1024);
    const request = post(body.stream);
    expect(request.headers.get("content-length")).toBeNull();
    const error = await refusal(readBodyLimited(request, 100_000));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toBe("Request body is larger than 100000 bytes.");
    expect(body.pulled()).toBeLessThanOrEqual(100_000 + 2 * 64 * 1024);
  });

  it("refuses a body bigger than its small, lying content-length", async () => {
    const body = countingBody(5_000_000);
    const error = await refusal(readBodyLimited(post(body.stream, { "content-length": "10" }), 1_000));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.pulled()).toBeLessThan(200_000);
  });

  it("refuses a declared content-length above the limit without reading the body", async () => {
    const body = countingBody(10_000);
    const error = await refusal(readBodyLimited(post(body.stream, { "content-length": "10000" }), 1_000));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.pulled()).toBe(0);
  });

  it("accepts a body exactly at the limit and returns exactly the bytes received", async () => {
    const bytes = new Uint8Array(1024).map((_, i) => (i * 37) % 256);
    expect(await readBodyLimited(post(bytes), 1024)).toEqual(bytes);
    const chunked = countingBody(1024, { chunkBytes: 100 });
    expect((await readBodyLimited(post(chunked.stream), 1024)).byteLength).toBe(1024);
    const error = await refusal(readBodyLimited(post(new Uint8Array(1025)), 1024));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("decodes text like Request.text() and treats a missing body as empty", async () => {
    const text = "héllo 👋 {\"a\":1}";
    expect(await readTextLimited(post(text), 100)).toBe(await post(text).text());
    expect(await readTextLimited(new Request("http://x/test"), 100)).toBe("");
  });

  it("hands on a copy whose body is the bytes read, refusing oversized ones first", async () => {
    const copy = await withLimitedBody(post("{\"ok\":true}", { "content-type": "application/json" }), 100);
    expect(await copy.json()).toEqual({ ok: true });
    expect(copy.headers.get("content-type")).toBe("application/json");
    const body = countingBody(10_000_000);
    expect((await refusal(withLimitedBody(post(body.stream), 1_000))).code).toBe("PAYLOAD_TOO_LARGE");
    const get = new Request("http://x/test?input=1");
    expect(await withLimitedBody(get, 1)).toBe(get);
  });
});
