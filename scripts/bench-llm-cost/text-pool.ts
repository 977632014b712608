import type { Kind, Lang, PoolText } from "./stream-types";

/** Texts of one kind, written per language, as one flat list. */
export function pool(kind: Kind, byLang: Partial<Record<Lang, readonly string[]>>): PoolText[] {
  return Object.entries(byLang).flatMap(([lang, texts]) => (texts ?? []).map((text) => ({ kind, lang: lang as Lang, text })));
}
