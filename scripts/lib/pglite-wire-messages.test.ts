import { describe, expect, it } from "vitest";
import { encodeFatalError, ParameterStatusReader, readStartupParameters } from "./pglite-wire-messages";

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
const parameterStatus = (name: string, value: string) => message("S", Buffer.from(`${name}\0${value}\0`));

describe("wire messages the embedded server reads and writes", () => {
  it("reads the startup message's parameters, and nothing out of other messages", () => {
    const params = Buffer.from("user\0leadline_app\0database\0postgres\0\0");
    const startup = Buffer.alloc(8 + params.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196_608, 4);
    params.copy(startup, 8);
    expect(readStartupParameters(startup)).toEqual(new Map([["user", "leadline_app"], ["database", "postgres"]]));
    expect(readStartupParameters(message("Q", Buffer.from("SELECT 1\0")))).toBeNull();
    expect(readStartupParameters(new Uint8Array([0, 0]))).toBeNull();
  });

  it("finds every ParameterStatus in an answer, however it is split into chunks", () => {
    const answer = Buffer.concat([
      message("T", Buffer.alloc(40, 1)),
      message("D", Buffer.from("S".repeat(300))), // a data row full of 'S' bytes is not a report
      parameterStatus("session_authorization", "postgres"),
      message("C", Buffer.from("SET\0")),
      parameterStatus("session_authorization", "leadline_app"),
      message("Z", Buffer.from("I")),
    ]);
    for (const size of [1, 2, 3, 5, 7, 64, answer.length]) {
      const reader = new ParameterStatusReader();
      for (let at = 0; at < answer.length; at += size) reader.feed(answer.subarray(at, at + size));
      expect(reader.valuesOf("session_authorization"), `chunks of ${size}`).toEqual(["postgres", "leadline_app"]);
    }
  });

  it("encodes a FATAL ErrorResponse with code, message and hint", () => {
    const bytes = Buffer.from(encodeFatalError({ code: "28000", message: 'role "nobody" does not exist', hint: "Use leadline_app." }));
    expect(bytes[0]).toBe(0x45);
    expect(bytes.readInt32BE(1)).toBe(bytes.length - 1);
    expect(bytes.subarray(5).toString("utf8")).toBe('SFATAL\0VFATAL\0C28000\0Mrole "nobody" does not exist\0HUse leadline_app.\0\0');
  });
});
