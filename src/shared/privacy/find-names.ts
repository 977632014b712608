import { LRUCache } from "lru-cache";
import { FUNCTION_WORDS, isEverydayWord } from "./common-words";
import { findScriptIntroducedNames } from "./find-script-introduced-names";

export type NameSpan = { kind: "NAME"; start: number; end: number; value: string };

const WORD_CHAR = String.raw`\p{L}\p{M}\p{N}_`;
// A capitalised name token: "Jane", "O'Brien", "Jean-Luc", "Zoë", "Łukasz".
const NAME_TOKEN = String.raw`\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*`;
// Surname particles written in lower case between capitalised parts ("Sanne de Vries").
const PARTICLES = new Set(["van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "dos", "das", "del", "ten", "ter"]);
const PARTICLE = `(?:${[...PARTICLES].join("|")})[ \\t]+`;
const NAME_SEQUENCE = String.raw`${NAME_TOKEN}(?:[ \t]+(?:${PARTICLE}){0,2}${NAME_TOKEN}){0,2}`;

const STRONG_INTRO = ["my name is", "my name's", "name's", "call me", "je m'appelle", "mon nom est", "me llamo",
  "mi nombre es", "mein name ist", "ich heiße", "ich heisse", "mi chiamo", "il mio nome è", "meu nome é", "o meu nome é",
  "me chamo", "chamo-me", "mijn naam is", "ik heet", "jag heter", "mitt namn är", "jeg heter", "jeg hedder",
  "nazywam się", "mam na imię", "jmenuji se", "mă numesc", "benim adım", "nama saya", "tên tôi là", "tôi tên là",
  "меня зовут", "мене звати", "моё имя", "мое имя", "моє ім'я", "με λένε", "ονομάζομαι", "το όνομά μου είναι"];
const SELF_INTRO = ["i'm", "i am", "ich bin", "je suis", "soy", "sono", "sou", "ik ben", "jestem"];
// German "im" is "in the" ("im Sommer", "im Büro"): "im Jake" counts only in text that is not German.
const GERMAN = /(?<![\p{L}])(?:und|ich|nicht|ist|wir|sie|das|der|die|mit|für|auf|bitte|danke|hallo)(?![\p{L}])/iu;
// Courtesy and professional titles: the capitalised words after them are a name ("Dr. Anna Kowalski").
const TITLES = ["dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sr", "sra", "srta", "dra", "dott",
  "herr", "frau", "mme", "mlle", "madame", "monsieur", "signor", "signora", "señor", "señora", "sir", "dame"];
const PRESENTER_INTRO = ["this is", "it's", "c'est", "hier ist"];
const PRESENTER_TAIL = ["from", "here", "with", "at", "de", "von", "da", "di"];
const SIGN_OFFS = ["thanks", "thank you", "many thanks", "regards", "kind regards", "best regards",
  "best", "cheers", "sincerely", "br", "saludos", "grüße", "merci", "cordialement", "obrigado", "grazie"];

// A lower-case word that is not a participle or adverb ("bored", "buying", "really").
const LOWER_WORD = String.raw`(?!\p{L}+(?:ing|ed|ly)(?![\p{L}\p{M}]))\p{L}[\p{L}\p{M}'’\-]*`;
const before = `(?<![${WORD_CHAR}])`;
const after = `(?![${WORD_CHAR}])`;
const WORD_BEFORE = new RegExp(`[${WORD_CHAR}]$`, "u");

function phrases(list: readonly string[]): string {
  return list.map((p) => escapeRegExp(p).replace(/ /g, "[ \\t]+").replace(/'/g, "['’]")).join("|");
}

/**
 * Introduction patterns. They are case-insensitive (so the trigger matches "My name is" and
 * "MY NAME IS"); capitalisation of the captured name is checked in code, and so is the word
 * boundary before the trigger (a leading look-behind would be evaluated at every position).
 * `anyCaseFirst`: "my name is jane" is unambiguous, so its first token may be lower-case.
 * `explicit`: after "my name is", a word that is also a name ("Will", "Hope") is the name.
 * `notGerman`: skipped in German text.
 */
const INTRODUCTIONS: ReadonlyArray<{ pattern: RegExp; anyCaseFirst: boolean; explicit?: boolean; notGerman?: boolean }> = [
  {
    pattern: new RegExp(`(?:${phrases(STRONG_INTRO)})[ \\t]+(${NAME_SEQUENCE})${after}`, "giu"),
    anyCaseFirst: true,
    explicit: true,
  },
  { pattern: new RegExp(`(?:${phrases(SELF_INTRO)})[ \\t]+(${NAME_SEQUENCE})${after}`, "giu"), anyCaseFirst: false },
  { pattern: new RegExp(`im[ \\t]+(${NAME_SEQUENCE})${after}`, "giu"), anyCaseFirst: false, notGerman: true },
  // "this is Sam from Acme", "it's Sam here": needs the tail, else "this is Monday" would count.
  {
    pattern: new RegExp(
      `(?:${phrases(PRESENTER_INTRO)})[ \\t]+(${NAME_SEQUENCE})[ \\t,]+(?:${phrases(PRESENTER_TAIL)})${after}`,
      "giu",
    ),
    anyCaseFirst: false,
  },
  // "Thanks,\nJane Doe" at the end of a line.
  {
    pattern: new RegExp(
      `(?:${phrases(SIGN_OFFS)})[,!.]?[ \\t]*(?:\\r?\\n[ \\t]*)?(${NAME_SEQUENCE})[ \\t]*$`,
      "gimu",
    ),
    anyCaseFirst: false,
  },
  // Lower-case "im sarah" only where it reads as an introduction: after a greeting ("hi im
  // sarah, ...") or before "from"/"here" ("i'm tom from Acme"); "I'm bored." is no name.
  {
    pattern: new RegExp(
      `(?:(?:hi|hello|hey|hiya|yo|good morning|good afternoon|good evening)[ \\t]*[,!.]?[ \\t]+(?:i'm|i’m|im|i am)[ \\t]+(${LOWER_WORD})(?=[ \\t]*(?:[,!.;]|$|\\n|and i${after}))` +
        `|(?:i'm|i’m|im|i am)[ \\t]+(${LOWER_WORD})(?=[ \\t]+(?:from|here)${after}))`,
      "giu",
    ),
    anyCaseFirst: true,
  },
  { pattern: new RegExp(`(?:${TITLES.join("|")})\\.?[ \\t]+(${NAME_SEQUENCE})${after}`, "giu"), anyCaseFirst: false, explicit: true },
  // "- Jane" as the last line of the message (not every bullet point).
  { pattern: new RegExp(`(?:^|\\n)[ \\t]*[-–—~][ \\t]*(${NAME_SEQUENCE})\\s*$`, "giu"), anyCaseFirst: false },
];

/** Names the sender introduces themselves with, in order of appearance. */
export function findIntroducedNames(text: string): string[] {
  const names: string[] = [];
  for (const { pattern, anyCaseFirst, explicit = false, notGerman = false } of INTRODUCTIONS) {
    if (notGerman && GERMAN.test(text)) continue;
    for (const match of text.matchAll(pattern)) {
      const index = match.index ?? 0;
      if (index > 0 && WORD_BEFORE.test(text.slice(Math.max(0, index - 2), index))) continue;
      const name = trimEverydayWords(capitalisedPrefix(match[1] ?? match[2] ?? "", anyCaseFirst), explicit);
      if (name) names.push(name);
    }
  }
  names.push(...findScriptIntroducedNames(text));
  return names;
}

/** Leading tokens that start with a capital ("Jane and I" -> "Jane"). */
function capitalisedPrefix(candidate: string, anyCaseFirst: boolean): string {
  const tokens = candidate.split(/[ \t]+/);
  const kept: string[] = [];
  for (const [i, token] of tokens.entries()) {
    const capitalised = /^[\p{Lu}\p{Lt}]/u.test(token);
    if (i === 1 && !/^[\p{Lu}\p{Lt}]/u.test(tokens[0] ?? "")) {
      // "my name is jane doe": a lower-case surname, unless it reads as the next word of the sentence.
      const first = (tokens[0] ?? "").toLowerCase();
      const surname = capitalised || (/^\p{L}[\p{L}\p{M}'’\-]*$/u.test(token) && !isEverydayWord(token));
      if (surname && !FUNCTION_WORDS.has(first)) kept.push(token);
      break;
    }
    const particle = i > 0 && PARTICLES.has(token) && /^[\p{Lu}\p{Lt}]/u.test(tokens[i + 1] ?? "");
    if (!(capitalised || particle || (i === 0 && anyCaseFirst))) break;
    kept.push(token);
  }
  return kept.join(" ");
}

/**
 * Drops leading/trailing everyday words ("I'm Sorry", "Jane Here"); after an explicit
 * introduction only words that can never be names are dropped.
 */
function trimEverydayWords(candidate: string, explicit: boolean): string | null {
  if (!candidate) return null;
  const tokens = candidate.split(/[ \t]+/);
  // "I'm Bob Stone": beside a word that is no everyday word, "Bob" is a name too.
  const named = explicit || (tokens.length > 1 && tokens.some((t) => !isEverydayWord(t)));
  const drop = (token: string) => (named ? FUNCTION_WORDS.has(token.toLowerCase()) : isEverydayWord(token));
  while (tokens.length > 0 && drop(tokens[0] ?? "")) tokens.shift();
  while (tokens.length > 0 && drop(tokens[tokens.length - 1] ?? "")) tokens.pop();
  const name = tokens.join(" ");
  return [...name].length >= 2 ? name : null;
}

/**
 * Spans for every whole-word occurrence of the given names and of their parts. Full names and
 * uncommon parts match case-insensitively; parts that are everyday words must be capitalised.
 */
export function findNameOccurrences(text: string, names: readonly string[]): NameSpan[] {
  const insensitive = new Set<string>();
  const sensitive = new Set<string>();
  for (const raw of names) {
    const full = raw.normalize("NFC").trim().replace(/\s+/g, " ");
    if ([...full].length < 2) continue;
    const parts = full.split(" ");
    if (parts.some((part) => !isEverydayWord(part))) insensitive.add(full);
    else sensitive.add(parts.map(capitalise).join(" "));
    if (parts.length === 1) continue;
    for (const part of parts) {
      if ([...part].length < 2) continue;
      if (isEverydayWord(part)) sensitive.add(capitalise(part));
      else insensitive.add(part);
    }
  }
  return [
    ...matchLiterals(text, [...insensitive], "giu"),
    ...matchLiterals(text, [...sensitive], "gu"),
  ];
}

/** Scripts written without spaces between words: no word boundaries to check. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u;

function matchLiterals(text: string, literals: string[], flags: string): NameSpan[] {
  if (literals.length === 0) return [];
  const bodies = literals.sort((a, b) => b.length - a.length).map((l) => ({ l, body: escapeRegExp(l).replace(/ /g, "[ \\t]+") }));
  if (!mayContain(text, bodies.map((b) => b.body), flags)) return [];
  const alternatives = bodies.map(({ l, body }) => (UNSPACED_SCRIPT.test(l) ? body : `${before}${body}${after}`));
  const pattern = cachedRegExp(`(?:${alternatives.join("|")})`, flags);
  const spans: NameSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    if (match.index === undefined) continue;
    spans.push({ kind: "NAME", start: match.index, end: match.index + match[0].length, value: match[0] });
  }
  return spans;
}

/**
 * A cheap pre-check before the word-bounded pattern: the bare alternatives, without the Unicode
 * boundary classes that make a case-insensitive pattern slow to compile (about a millisecond
 * each, and every new contact brings new names). The bounded pattern only matches where the
 * bare one does, so skipping it when this fails changes no result.
 */
export function mayContain(text: string, bodies: readonly string[], flags: string): boolean {
  return cachedRegExp(bodies.join("|"), flags.replace("g", "")).test(text);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Compiled patterns for a contact's names and handles, which recur message after message
 * (compiling a Unicode pattern costs more than running it). `matchAll` works on a copy, so a
 * shared global RegExp is safe to reuse.
 */
const compiled = new LRUCache<string, RegExp>({ max: 5_000 });

export function cachedRegExp(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let pattern = compiled.get(key);
  if (!pattern) {
    pattern = new RegExp(source, flags);
    compiled.set(key, pattern);
  }
  return pattern;
}

export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
}
