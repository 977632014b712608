import type { DetectedSpan } from "./detected-span";

/**
 * Dates of birth: a date written shortly after a birth cue ("DOB: 14/03/1988", "born on the 3rd
 * of May 1990", "geboren am 14. März 1988", "дата рождения 14 марта 1988", "出生日期1988年3月14日").
 * A date without such a cue (a delivery date, a booking) is not personal and is left alone.
 */
const CUES = [
  "date of birth", "d\\.o\\.b\\.?", "dob", "birth ?date", "birthday", "b-?day", "born(?: on)?",
  "geburtsdatum", "geboren(?: am)?", "date de naissance", "n[ée]e? le", "fecha de nacimiento",
  "nac[ií]d[oa]? el", "data di nascita", "nat[oa] il", "data de nascimento", "nascid[oa] em", "nasci em",
  "geboortedatum", "data urodzenia", "urodzi[łl][ae]m się", "doğum tarihi", "дата рождения",
  "день рождения", "родил(?:ся|ась)", "出生日期", "生日", "出生于", "生于", "تاريخ الميلاد",
];
// No leading look-behind (it would run at every position): the boundary before is checked in code.
const CUE = new RegExp(`(?:${CUES.join("|")})(?![\\p{L}])`, "giu");

const MONTHS = [
  // English (and abbreviations)
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
  "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept?", "oct", "nov", "dec",
  // German, French, Spanish, Italian, Portuguese
  "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
  "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
  "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
  "noviembre", "diciembre", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre",
  "dicembre", "janeiro", "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "dezembro",
  // Russian (genitive, as written in dates)
  "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
].sort((a, b) => b.length - a.length);
const MONTH = `(?:${MONTHS.join("|")})\\.?`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th|er|º|\.)?`;

const END = "(?![\\p{L}\\p{N}])";
const DATE = new RegExp(
  "(?<![\\p{L}\\p{N}])(?:" +
    [
      String.raw`\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}${END}`,
      String.raw`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?`,
      `${DAY}(?:\\s+(?:of|de|di))?\\s+${MONTH}(?:,?\\s+(?:de\\s+|del\\s+)?\\d{4}(?:\\s*г\\.?)?)?${END}`,
      `${MONTH}\\s+(?:the\\s+)?${DAY}(?:,?\\s+\\d{4})?${END}`,
    ].join("|") +
    ")",
  "iu",
);

/** How far after the cue the date may start ("DOB is the 3rd of ..." but not the next sentence). */
const MAX_GAP = 20;
const GAP = /^[\s:：,\-–—=]*(?:(?:is|was|on|the|am|le|el|il|em|es|ist|è|é|:)[\s:,]+){0,3}$/iu;

export function findBirthDates(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const cue of text.matchAll(CUE)) {
    if (/[\p{L}\p{N}]/u.test(text.charAt((cue.index ?? 0) - 1))) continue;
    const from = (cue.index ?? 0) + cue[0].length;
    const window = text.slice(from, from + MAX_GAP + 40);
    const date = DATE.exec(window);
    if (!date || date.index > MAX_GAP || !GAP.test(window.slice(0, date.index))) continue;
    const start = from + date.index;
    const value = date[0].replace(/[.,]+$/, "");
    spans.push({ kind: "DOB", start, end: start + value.length, value });
  }
  return spans;
}
