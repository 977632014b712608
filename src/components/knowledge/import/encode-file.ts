import { describeBytesShort } from "./describe-bytes";
import { importFormatOf, MAX_IMPORT_BYTES } from "@/shared/knowledge-import";

/** Bytes as base64, in chunks (String.fromCharCode on a whole file would overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The same checks the server makes first, so a wrong file is named before it is sent; null when fine. */
export function checkImportFile(file: { name: string; size: number }): string | null {
  if (!importFormatOf(file.name)) return "Choose a .csv or .md (Markdown) file.";
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_IMPORT_BYTES) return `The file is larger than ${describeBytesShort(MAX_IMPORT_BYTES)}. Split it into smaller files.`;
  return null;
}
