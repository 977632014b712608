import { findContactDetails } from "@/shared/privacy/find-contact-details";

const REDACTED = "[redacted]";

/**
 * Secret-shaped stretches of free text, most specific first. Error messages quote what a
 * library saw: a request's headers, a connection string, a token in a URL.
 */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization schemes: "Bearer eyJ...", "Basic dXNlcjpw...".
  [/\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1$2${REDACTED}`],
  // JSON Web Tokens anywhere.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Credentials in URLs: postgres://user:password@host, https://user:secret@host.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // name=value / "name": "value" for names that hold secrets (access_token=..., "client_secret": "...").
  [
    /((?:access|refresh|id|session|csrf|api|auth)?[_-]?(?:token|secret|password|passwd|api[_-]?key|signature|code_verifier|authorization|cookie)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  ],
  // Provider keys by their prefixes (OpenAI / Anthropic / Stripe-style, Meta, Slack, GitHub, AWS).
  [/\b(?:sk|pk|rk)[-_][A-Za-z0-9_-]{12,}/g, REDACTED],
  [/\bEAA[A-Za-z0-9]{20,}/g, REDACTED],
  [/\b(?:xox[abprs]|ghp|gho|ghs|github_pat)[-_][A-Za-z0-9_-]{10,}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  // Long opaque runs (random tokens, hex digests) with letters and digits both.
  [/(?<![A-Za-z0-9_+-])(?=[A-Za-z0-9_+-]*\d)(?=[A-Za-z0-9_+-]*[A-Za-z])[A-Za-z0-9_+-]{40,}={0,2}/g, REDACTED],
];

/** Contact details the privacy detectors find (the same ones that anonymise text before a model). */
const CONTACT_KINDS = new Set(["EMAIL", "PHONE", "CARD"]);

/**
 * `text` with emails, phone numbers, card numbers, tokens, passwords in URLs and authorization
 * headers replaced by "[redacted]", for error messages and stacks bound for the logs.
 */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  const spans = findContactDetails(out)
    .filter((span) => CONTACT_KINDS.has(span.kind))
    .sort((a, b) => b.start - a.start);
  let end = Number.POSITIVE_INFINITY;
  for (const span of spans) {
    if (span.end > end) continue; // overlaps one already replaced
    out = `${out.slice(0, span.start)}${REDACTED}${out.slice(span.end)}`;
    end = span.start;
  }
  return out;
}
