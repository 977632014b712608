import { describeBytes } from "../../infra/http/body-limits";
import { AppError } from "../../infra/errors/app-error";
import { MAX_IMPORT_BYTES } from "@/shared/knowledge-import";

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // .xlsx, .docx, .zip
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // old .xls, .doc

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * An uploaded file's bytes as text, or a clear BAD_REQUEST saying what is wrong with it: too
 * large, empty, a spreadsheet or document rather than text, UTF-16, not UTF-8, or binary. A
 * UTF-8 byte order mark is dropped. Nothing here is logged: the bytes are the customer's.
 */
export function decodeUpload(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${describeBytes(MAX_IMPORT_BYTES)}. Split it into smaller files and import them one by one.`);
  }
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE)) {
    throw new AppError("BAD_REQUEST", "This looks like a spreadsheet or document (e.g. .xlsx or .docx), not a text file. Save it as CSV (UTF-8) or Markdown and try again.");
  }
  if (startsWith(bytes, PDF)) throw new AppError("BAD_REQUEST", "PDF files cannot be imported. Copy the text into a Markdown file, or save the table as CSV (UTF-8).");
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new AppError("BAD_REQUEST", "The file is saved as UTF-16. Save it as UTF-8 (in Excel: “CSV UTF-8”) and try again.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "The file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and try again.");
  }
  // NUL and other C0 controls besides tab, line feed and carriage return do not occur in text files.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) {
    throw new AppError("BAD_REQUEST", "The file contains binary data, not text. Import a CSV or Markdown file.");
  }
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The file is empty.");
  return text;
}
