import { FUNCTION_WORDS } from "./common-words";
import type { DetectedSpan } from "./detected-span";
import { TLDS } from "./find-urls";

/**
 * Emails spelled out to dodge filters: "jane at example dot com", "jane dot doe at gmail dot
 * com", "o'brien at mail.ie", "juan arroba correo punto es". Found from each " at " (cheap to
 * scan for), then the domain is read forward and the local part backward; the domain must end
 * in a known top-level domain, so "meet at noon" or "we're at the shop" are left alone.
 */
const AT = /[ \t]+(?:at|arroba|chez)[ \t]+/giu;
const DOT = String.raw`(?:[ \t]*\.[ \t]*|[ \t]+(?:dot|punto|point|punkt|ponto)[ \t]+)`;
const DOMAIN = new RegExp(`[\\p{L}\\p{N}\\-]{1,63}(?:${DOT}[\\p{L}\\p{N}\\-]{1,63}){1,3}(?![\\p{L}\\p{N}])`, "iuy");
const LAST_LABEL = /[\p{L}\p{N}\-]+$/u;
const LOCAL = new RegExp(`[\\p{L}\\p{N}_%+\\-'’]{1,64}(?:${DOT}[\\p{L}\\p{N}_%+\\-'’]{1,64}){0,3}$`, "iu");
/** Words before " at " that are not someone's mailbox ("find us at acme dot com"). */
const NOT_LOCAL = new Set(["us", "them", "find", "see", "visit", "look", "online", "shop", "store", "located", "based", "email", "mail", "me"]);
const CONTRACTION = /['’](?:re|m|s|ll|ve|d|t)$/i;
const MAIL_PROVIDER =
  /^(?:g ?mail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton(?:mail)?|pm|gmx|web|mail|yandex|qq|163|126|zoho|fastmail|hey|tutanota|orange|free|laposte|libero|virgilio|t-online|wp|onet|interia|seznam|uol|bol|terra|naver|daum|rediffmail)[ \t.]/i;

export function findSpelledEmails(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const at of text.matchAll(AT)) {
    const atStart = at.index ?? 0;
    DOMAIN.lastIndex = atStart + at[0].length;
    const domain = DOMAIN.exec(text);
    const tld = domain ? LAST_LABEL.exec(domain[0])?.[0].toLowerCase() : undefined;
    if (!domain || !tld || !TLDS.has(tld)) continue;
    const local = LOCAL.exec(text.slice(Math.max(0, atStart - 200), atStart));
    const firstWord = local?.[0].split(/[ \t.]/)[0]?.toLowerCase() ?? "";
    if (!local || FUNCTION_WORDS.has(firstWord) || NOT_LOCAL.has(firstWord) || CONTRACTION.test(local[0])) continue;
    // "prize at bit.ly", "apply at quickcash.biz": with a real dot, "at" is usually the word; a
    // mailbox then needs a mailbox-like local part or a mail provider's domain.
    const spelled = /[ \t](?:dot|punto|point|punkt|ponto)[ \t]/i.test(domain[0]) || /^(?:arroba|chez)$/i.test(at[0].trim());
    if (!spelled && !/[._'’\d+]/.test(local[0]) && !MAIL_PROVIDER.test(domain[0])) continue;
    const start = atStart - local[0].length;
    if (start > 0 && /[\p{L}\p{N}@]/u.test(text.charAt(start - 1))) continue;
    const end = DOMAIN.lastIndex;
    spans.push({ kind: "EMAIL", start, end, value: text.slice(start, end) });
  }
  return spans;
}
