/** Coarse emoji groups: the model learns from the group, not from thousands of single emoji. */
const GROUPS: ReadonlyArray<readonly [token: string, emoji: string]> = [
  ["xemopos", "❤♥💕💖💗💘💙💚💛💜🧡🖤🤍🤎💓💞💝💟😀😁😂😃😄😅😆😇😉😊😋😍😎😘😙😚😛😜😝🙂🙃🤗🤣🥰🥲🥹😻😸😹😺👍👏🙌🙏🤝👌✌🥳🎉🎊✨🌟⭐💐🌹🌸😌☺🤩😏"],
  ["xemoneg", "😠😡🤬😤😞😟😢😭😩😫😒🙄👎💔😱😨😰😣😖😕🙁☹😔😓😪🤦🤷😑😐😶🤔🥺😬🤢🤮💀⚠❌🚫"],
  ["xemohype", "🔥💰💵💸💲🤑🚀📈💎🎁🆓✅☑✔👉👈👇👆⬇⬆➡⬅↗📲📩📨📱💯⚡🎰🏆🥇💥📢📣🔔🆕🔗🔝"],
  ["xemoadult", "🍑🍆🔞💋😈👅💦🍒👙"],
];

const TOKEN_BY_EMOJI = new Map<string, string>();
for (const [token, emoji] of GROUPS) {
  for (const char of emoji) TOKEN_BY_EMOJI.set(char, token);
}

/** Maps one emoji (or a regional-indicator flag pair) to its group token. */
export function emojiToken(emoji: string): string {
  if (/^\p{Regional_Indicator}/u.test(emoji)) return "xemoflag";
  return TOKEN_BY_EMOJI.get(emoji) ?? "xemoji";
}
