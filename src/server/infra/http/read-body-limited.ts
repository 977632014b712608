import { AppError } from "../errors/app-error";
import { describeBytes } from "./body-limits";

function tooLarge(limitBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body is larger than ${describeBytes(limitBytes)}.`, { limitBytes });
}

/**
 * The request body as the exact bytes received, read from the stream and counted as it
 * arrives: throws AppError PAYLOAD_TOO_LARGE as soon as more than `limitBytes` have come in
 * (and cancels the rest of the stream), whether content-length is absent (chunked), honest or
 * lying. A declared content-length above the limit is refused before reading anything.
 */
export async function readBodyLimited(req: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes) throw tooLarge(limitBytes);
  if (!req.body) return new Uint8Array(0);

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      // Stop pulling: the sender's remaining bytes are never buffered.
      await reader.cancel().catch(() => {});
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** `readBodyLimited` decoded as UTF-8, exactly as `Request.text()` would decode it. */
export async function readTextLimited(req: Request, limitBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyLimited(req, limitBytes));
}

/**
 * A copy of `req` whose body is the (already limited) bytes read here, for handlers that read
 * the body themselves (tRPC's fetch adapter): the limit is enforced before they see it.
 */
export async function withLimitedBody(req: Request, limitBytes: number): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  const body = await readBodyLimited(req, limitBytes);
  const headers = new Headers(req.headers);
  // The copy's length is that of the bytes read, not what the sender declared.
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal });
}
