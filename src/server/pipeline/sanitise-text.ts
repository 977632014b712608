function isAllowed(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
}

/**
 * Makes platform text safe to store and process: drops NUL and other C0 control characters
 * (Postgres rejects NUL; binary garbage arrives as such), keeps tabs and newlines, replaces
 * lone surrogates with U+FFFD, and caps the length.
 */
export function sanitiseText(raw: string, maxChars: number): { text: string; truncated: boolean } {
  let out = "";
  for (const ch of raw.slice(0, maxChars * 2)) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) out += "\uFFFD";
    else if (isAllowed(code)) out += ch;
    if (out.length >= maxChars) break;
  }
  const truncated = out.length >= maxChars && raw.length > out.length;
  return { text: out.slice(0, maxChars), truncated };
}
