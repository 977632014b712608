import { describe, expect, it } from "vitest";
import { bytesToBase64, checkImportFile } from "./encode-file";

describe("bytesToBase64", () => {
  it("matches Node's encoding, including files larger than one chunk", () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(bytesToBase64(new Uint8Array())).toBe("");
  });
});

describe("checkImportFile", () => {
  it("names a wrong type, an empty file and a file over the limit", () => {
    expect(checkImportFile({ name: "kb.xlsx", size: 10 })).toMatch(/\.csv or \.md/);
    expect(checkImportFile({ name: "kb.csv", size: 0 })).toMatch(/empty/);
    expect(checkImportFile({ name: "kb.md", size: 600 * 1024 })).toMatch(/larger than 512 KB/);
    expect(checkImportFile({ name: "FAQ.Markdown", size: 100 })).toBeNull();
  });
});
