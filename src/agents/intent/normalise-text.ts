import { emojiToken } from "./emoji-tokens";

/** Longest input looked at; the rest of a huge message is ignored. */
export const MAX_INPUT_CHARS = 5_000;
/** Longest run without whitespace kept (long URLs still start with "http"); keeps every regex linear-ish. */
const MAX_RUN_CHARS = 200;

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", hellip: "…",
  mdash: "—", ndash: "–", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”",
  euro: "€", pound: "£", yen: "¥", cent: "¢", copy: "©", reg: "®", trade: "™",
};

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith("#")) {
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : " ";
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}

function unescapeHtml(text: string): string {
  let out = text;
  // Twice, for double-escaped text such as "&amp;#39;".
  for (let i = 0; i < 2 && out.includes("&"); i++) {
    out = out.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, decodeEntity);
  }
  return out;
}

/** Counts digits so that a long digit run is a phone number and a short one stays a number. */
function phoneOrKeep(match: string): string {
  const digits = match.replace(/\D/g, "").length;
  return digits >= 9 && digits <= 15 ? " xphone " : match;
}

/** Each step is [pattern, replacement]; they run in order on lowercased text. */
const STEPS: ReadonlyArray<readonly [RegExp, string | ((match: string) => string)]> = [
  // The pipeline anonymises before classifying: its placeholders get the tokens the raw
  // values would have had in training (names carry no intent and are dropped).
  [/\[email_\d+\]/g, " xemail "],
  [/\[phone_\d+\]/g, " xphone "],
  [/\[url_\d+\]/g, " xurl "],
  [/\[handle_\d+\]/g, " xmention "],
  [/\[card_\d+\]/g, " xnum "],
  [/\[name_\d+\]/g, " "],
  [/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/g, " "], // html tags
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/g, " xemail "],
  [/\b(?:https?:\/\/|www\.)\S+/g, " xurl "],
  [
    /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|ly|co|me|info|biz|xyz|gl|gg|tk|ru|cn|us|uk|de|fr|es|br|in|ca|au|app|shop|store|link|site|online|club|live|tv|to|sh|cc)\b(?:\/\S*)?/g,
    " xurl ",
  ],
  [/@[\p{L}\p{N}_.]+/gu, " xmention "],
  [/#\d+/g, " xordernum "],
  [/#(\p{L}[\p{L}\p{N}_]*)/gu, " xhashtag $1 "],
  [/(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d[\d\s.-]{6,}\d/g, phoneOrKeep],
  [
    /\p{Sc}\s?\d[\d,.]*(?:\s?[km]\b)?|\d[\d,.]*\s?(?:\p{Sc}|(?:usd|eur|gbp|dollars?|bucks|euros?|pounds?|quid|reais|pesos?|rs|inr|p)(?!\p{L}))/gu,
    " xprice ",
  ],
  [/\p{Sc}/gu, " xcurrency "],
  [/(?:^|(?<=[\s\p{L}]))[:;=]['’-]?[)\]dp*]+(?!\p{L})|<3+/gu, " xemopos "],
  [/(?:^|(?<=[\s\p{L}]))[:;=]['’-]?[(\[/]+(?!\p{L})|<\/3/gu, " xemoneg "],
  [/\p{Nd}+(?:[.,:]\p{Nd}+)*/gu, " xnum "],
];

/**
 * Puts a social-media message into the one form the intent model and its training data share.
 * Never throws: non-strings, binary garbage and huge input come back as a (possibly empty) string.
 */
export function normaliseText(text: string): string {
  if (typeof text !== "string" || text.length === 0) return "";
  let s = text.slice(0, MAX_INPUT_CHARS).normalize("NFKC");
  s = unescapeHtml(s);
  s = s
    .replace(/[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufe00-\ufe0f\u{e0000}-\u{e007f}]/gu, "")
    .replace(/[\p{Cc}\p{Cs}\p{Co}\p{Cn}]/gu, " ")
    .replace(new RegExp(`\\S{${MAX_RUN_CHARS + 1},}`, "gu"), (run) => run.slice(0, MAX_RUN_CHARS))
    .toLowerCase();
  for (const [pattern, replacement] of STEPS) {
    s = typeof replacement === "string" ? s.replace(pattern, replacement) : s.replace(pattern, replacement);
  }
  s = s
    .replace(/\p{Regional_Indicator}{2}|\p{Extended_Pictographic}/gu, (emoji) => ` ${emojiToken(emoji)} `)
    .normalize("NFD")
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1") // "envío" and "envio" become one word
    .normalize("NFC")
    .replace(/['’‘`´]/g, "")
    .replace(/[^\p{L}\p{N}\p{M}\s?!]/gu, " ")
    .replace(/(.)\1{2,}/gu, "$1$1") // "soooo" -> "soo", "!!!!" -> "!!"
    .replace(/[?!]+/g, " $& ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\b(\w+)(?: \1\b){2,}/g, "$1 $1"); // "xemopos xemopos xemopos" -> two
  return s;
}
