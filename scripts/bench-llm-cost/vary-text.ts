import type { Lang } from "./stream-types";
import { pick, type Random } from "./random-helpers";

const GREETINGS: Record<Lang, readonly string[]> = {
  en: ["hi ", "hello, ", "hey! ", "Hi there, "],
  es: ["hola, ", "Hola! "],
  pt: ["oi, ", "olá, "],
  fr: ["bonjour, ", "salut, "],
  de: ["hallo, ", "Hi, "],
  it: ["ciao, ", "salve, "],
};
const THANKS: Record<Lang, string> = { en: " thanks", es: " gracias", pt: " obrigado", fr: " merci", de: " danke", it: " grazie" };
const ENDINGS = [" 🙏", " 😊", "!!", " ☕"];

function swapLetters(text: string, random: Random): string {
  const words = text.split(" ");
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  if (long.length === 0) return text;
  const [word, i] = pick(random, long);
  const at = 1 + Math.floor(random() * (word.length - 2));
  words[i] = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return words.join(" ");
}

const CHANGES: ReadonlyArray<(text: string, lang: Lang, random: Random) => string> = [
  (t) => t.toLowerCase(),
  (t) => t.replace(/[?!.]+$/u, ""),
  (t, lang, random) => pick(random, GREETINGS[lang]) + t.charAt(0).toLowerCase() + t.slice(1),
  (t, lang) => t + THANKS[lang],
  (t, _lang, random) => t + pick(random, ENDINGS),
  (t) => t.replace(/\?$/u, "??"),
  (t, _lang, random) => swapLetters(t, random),
];

/**
 * A light rewording as people type it: one or two of lower case, a dropped or doubled question
 * mark, a greeting, a "thanks", an emoji, a swapped pair of letters.
 */
export function varyText(text: string, lang: Lang, random: Random): string {
  const count = random() < 0.6 ? 1 : 2;
  let out = text;
  for (let i = 0; i < count; i++) out = pick(random, CHANGES)(out, lang, random);
  return out;
}
