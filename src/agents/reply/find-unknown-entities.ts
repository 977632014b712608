import { PLACEHOLDER_PATTERN } from "@/shared/privacy/placeholders";
import { stem, tokenize } from "./extract-terms";
import { NAME, SENTENCE_START } from "./find-unmentioned-names";

/** Capitalised words that name no product, place or partner. */
const NOT_NAMES = new Set([
  "i", "ok", "okay", "faq", "dm", "pm", "am",
  // Days and months (the date check judges those), in the languages Leadline replies in.
  ..."monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december".split(" "),
  ..."lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(" "),
  ..."lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(" "),
  ..."segunda terça quarta quinta sexta sábado domingo janeiro fevereiro março maio junho julho setembro outubro novembro dezembro".split(" "),
  ..."lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre".split(" "),
]);

/** A word after an emoji, a symbol or a blanked-out claim starts a sentence as much as one after a full stop. */
const AFTER_BREAK = /(?:^|[^\p{L}\p{N},'’"(\s-])\s*$|\s{3,}$/u;

/**
 * Names in a reply that neither the retrieved articles, the customer's message nor the company's
 * name contain: capitalised words in the middle of a sentence ("we work with DKV", "it is GOTS
 * certified", "across from Laurelhurst Park"). A model that names a partner, a certification, a
 * product or a landmark the articles never mention has invented it. In German, where every noun
 * is capitalised, only acronyms (two or more capitals) count.
 */
export function findUnknownEntities(reply: string, sources: { knowledge: string; message: string; companyName?: string }, language: string | null): string[] {
  const text = reply.replace(PLACEHOLDER_PATTERN, " ");
  const known = new Set(tokenize(`${sources.knowledge}\n${sources.message}\n${sources.companyName ?? ""}`).map(stem));
  const unknown = new Set<string>();
  for (const match of text.matchAll(NAME)) {
    const word = match[0].replace(/['’].*$/u, "").replace(/-+$/u, "");
    if ([...word].length < 2 || NOT_NAMES.has(word.toLowerCase())) continue;
    if (language === "de" && !/^\p{Lu}{2,}/u.test(word)) continue;
    const before = text.slice(0, match.index);
    if (SENTENCE_START.test(before) || AFTER_BREAK.test(before)) continue;
    const parts = tokenize(word).map(stem);
    if (parts.length > 0 && parts.every((p) => !known.has(p))) unknown.add(word);
  }
  return [...unknown];
}
