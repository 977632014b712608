/**
 * The few PostgreSQL wire-protocol messages the embedded server reads or writes itself (see
 * pglite-connection-roles.ts): the client's StartupMessage, the backend's ParameterStatus
 * reports, and a FATAL ErrorResponse that refuses a connection.
 */

const PROTOCOL_3 = 196_608; // 3.0
const PARAMETER_STATUS = 0x53; // 'S' from the backend

/** The key/value pairs of a StartupMessage (`user`, `database`...), or null for any other message. */
export function readStartupParameters(message: Uint8Array): Map<string, string> | null {
  if (message.length < 8) return null;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(4) !== PROTOCOL_3) return null;
  const parts = Buffer.from(message.buffer, message.byteOffset + 8, message.byteLength - 8).toString("utf8").split("\0");
  const params = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ""; i += 2) params.set(parts[i]!, parts[i + 1]!);
  return params;
}

/** A FATAL ErrorResponse, as PostgreSQL sends before closing a connection it refuses. */
export function encodeFatalError(fields: { code: string; message: string; hint?: string }): Uint8Array {
  const entries: Array<[string, string]> = [
    ["S", "FATAL"],
    ["V", "FATAL"],
    ["C", fields.code],
    ["M", fields.message],
  ];
  if (fields.hint) entries.push(["H", fields.hint]);
  const body = Buffer.concat([...entries.map(([key, value]) => Buffer.from(`${key}${value}\0`, "utf8")), Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header[0] = 0x45; // 'E'
  header.writeInt32BE(4 + body.length, 1);
  return new Uint8Array(Buffer.concat([header, body]));
}

/**
 * Reads ParameterStatus reports (e.g. `session_authorization`) out of the backend's answer to
 * one message, which may arrive in any number of chunks. Other messages are skipped unread.
 */
export class ParameterStatusReader {
  private pending: Buffer = Buffer.alloc(0); // an incomplete header, or an incomplete ParameterStatus
  private skip = 0; // bytes still to come of a message that is not read
  /** Every report in order (a parameter may change more than once in one answer). */
  readonly reports: Array<{ name: string; value: string }> = [];

  valuesOf(name: string): string[] {
    return this.reports.filter((r) => r.name === name).map((r) => r.value);
  }

  feed(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    if (this.pending.length > 0) {
      data = Buffer.concat([this.pending, data]);
      this.pending = Buffer.alloc(0);
    }
    let at = 0;
    while (at < data.length) {
      if (data.length - at < 5) {
        this.pending = Buffer.from(data.subarray(at));
        return;
      }
      const end = at + 1 + data.readInt32BE(at + 1);
      if (data[at] !== PARAMETER_STATUS) {
        if (end > data.length) {
          this.skip = end - data.length;
          return;
        }
      } else {
        if (end > data.length) {
          this.pending = Buffer.from(data.subarray(at));
          return;
        }
        const [name = "", value = ""] = data.subarray(at + 5, end).toString("utf8").split("\0");
        this.reports.push({ name, value });
      }
      at = end;
    }
  }
}
