/**
 * Self-introductions in scripts without capital letters, where the name cannot be told apart
 * by its case: Chinese "我叫王伟", Japanese "私の名前は田中です" / "田中と申します", Korean "제 이름은
 * 김민준입니다", Arabic "اسمي فاطمة", Hebrew "שמי דנה", Hindi "मेरा नाम राहुल है". Each pattern
 * only runs when its script occurs in the text.
 */
type ScriptIntro = { script: RegExp; pattern: RegExp; clean: (name: string) => string };

// Characters that follow a Chinese name in an introduction ("我叫王伟想了解价格": 想 starts the next clause).
const HAN_STOP = /[想要是在我的来从和请，,。.!！？?、\s]/u;
const KOREAN_ENDINGS = /(?:입니다|이에요|예요|이고요?|라고\s*합니다|이라고\s*합니다|이라고|라고|입니당)$/u;
const ARABIC_STOP = new Set(["و", "من", "في", "هل", "أريد", "اريد", "وأريد", "واريد", "أنا", "انا", "عندي", "لدي"]);

const INTROS: readonly ScriptIntro[] = [
  {
    script: /\p{Script=Han}/u,
    pattern: /(?:我叫|我的名字是|我的名字叫|我名叫|本人叫)(\p{Script=Han}{2,4})/gu,
    clean: (name) => {
      const stop = [...name].findIndex((char, i) => i >= 2 && HAN_STOP.test(char));
      return [...name].slice(0, stop === -1 ? 3 : stop).join("");
    },
  },
  {
    script: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
    pattern: /(?:私の名前は|わたしの名前は|僕の名前は|名前は)[\s　]*([\p{Script=Han}\p{Script=Katakana}ー・]{1,10}?)(?:です|と申します|といいます|と言います|だよ)/gu,
    clean: (name) => name,
  },
  {
    script: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
    pattern: /([\p{Script=Han}\p{Script=Katakana}ー・]{1,10})と申します/gu,
    clean: (name) => name,
  },
  {
    script: /\p{Script=Hangul}/u,
    pattern: /(?:제\s*이름은|내\s*이름은|저의\s*이름은)\s*(\p{Script=Hangul}{2,8})/gu,
    clean: (name) => name.replace(KOREAN_ENDINGS, ""),
  },
  {
    script: /\p{Script=Arabic}/u,
    pattern: /(?<!\p{L})(?:اسمي|إسمي|أنا اسمي|انا اسمي)[ \t]+(\p{Script=Arabic}+(?:[ \t]+\p{Script=Arabic}+)?)/gu,
    clean: (name) => {
      const [first = "", second] = name.split(/[ \t]+/);
      return second && !ARABIC_STOP.has(second) && !second.startsWith("و") ? `${first} ${second}` : first;
    },
  },
  {
    script: /\p{Script=Hebrew}/u,
    pattern: /(?<!\p{L})(?:שמי|קוראים לי|השם שלי הוא|השם שלי)[ \t]+(\p{Script=Hebrew}+)/gu,
    clean: (name) => name,
  },
  {
    script: /\p{Script=Devanagari}/u,
    pattern: /मेरा नाम[ \t]+(\p{Script=Devanagari}+(?:[ \t]+\p{Script=Devanagari}+)?)/gu,
    clean: (name) => name.replace(/[ \t]*(?:है|हैं)$/u, ""),
  },
];

export function findScriptIntroducedNames(text: string): string[] {
  const names: string[] = [];
  for (const { script, pattern, clean } of INTROS) {
    if (!script.test(text)) continue;
    for (const match of text.matchAll(pattern)) {
      const name = clean(match[1] ?? "").trim();
      if ([...name].length >= 2 || /\p{Script=Han}/u.test(name)) names.push(name);
    }
  }
  return names;
}
