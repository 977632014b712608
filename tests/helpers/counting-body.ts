/** A request body of `total` bytes served in chunks on demand (no content-length), counting what the reader pulled. */
export function countingBody(total: number, options: { chunkBytes?: number; prefix?: Uint8Array } = {}) {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let pulled = 0;
  let prefixSent = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!prefixSent && options.prefix) {
          prefixSent = true;
          pulled += options.prefix.byteLength;
          return controller.enqueue(options.prefix);
        }
        if (pulled >= total) return controller.close();
        const n = Math.min(chunkBytes, total - pulled);
        pulled += n;
        controller.enqueue(new Uint8Array(n).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

/** A POST; `duplex` is required by fetch for stream bodies and missing from Node's RequestInit type. */
export function postRequest(url: string, body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}
