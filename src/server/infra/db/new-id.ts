import { randomBytes } from "node:crypto";

let counter = randomBytes(2).readUInt16BE(0);
const fingerprint = (process.pid % 1_679_616).toString(36).padStart(4, "0");

/**
 * A collision-resistant id in the shape Prisma's `cuid()` default produces ("c" + time +
 * counter + host + random, 25 chars, sortable by time), for rows the hot path inserts with
 * multi-row SQL instead of the Prisma client.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const random = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(8, "0").slice(-8);
  return `c${time}${counter.toString(36).padStart(4, "0")}${fingerprint}${random}`;
}
