/**
 * Turns a reply from ioredis `callBuffer` into the JSON Upstash's REST API sends.
 *
 * Upstash (and serverless-redis-http) base64-encode every string in a result, at any depth,
 * when the request carries `Upstash-Encoding: base64`; numbers and nulls pass through. Errors
 * are never encoded. Without the header strings are sent as UTF-8 text.
 */
export type JsonReply = string | number | null | JsonReply[];

export function encodeReply(reply: unknown, base64: boolean): JsonReply {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (typeof reply === "bigint") return Number(reply);
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  if (typeof reply === "string") return base64 ? Buffer.from(reply).toString("base64") : reply;
  // An error nested in an array (a Lua script returning a table holding an error reply) is
  // sent as its message, the way Upstash flattens it.
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  throw new TypeError(`Unsupported Redis reply of type ${typeof reply}`);
}
