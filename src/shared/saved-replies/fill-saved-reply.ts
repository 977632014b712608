/**
 * Saved replies may greet the customer with `{{first_name}}` (any case, spaces inside the braces
 * allowed). Filled from the contact's display name when we know it; otherwise removed so that
 * the sentence still reads ("Hi {{first_name}}," -> "Hi,", "Thanks, {{first_name}}!" -> "Thanks!",
 * "{{first_name}}, welcome" -> "Welcome"). Other `{{...}}` are left for the agent to see.
 */
const PLACEHOLDER = String.raw`\{\{\s*first_name\s*\}\}`;
const AT_LINE_START = new RegExp(String.raw`^([ \t]*)${PLACEHOLDER}[ \t]*[,;:]?[ \t]*(\S?)`, "gim");
const AFTER_COMMA = new RegExp(String.raw`,[ \t]*${PLACEHOLDER}(?=[ \t]*(?:[.!?;:,)]|$))`, "gim");
const ANYWHERE = new RegExp(String.raw`[ \t]*${PLACEHOLDER}`, "gi");
const ALL = new RegExp(PLACEHOLDER, "gi");

/**
 * The first word of a display name, or null when there is none worth greeting: empty, a handle
 * ("@jamie_r"), or no letter at all ("123", "🙂").
 */
export function firstNameOf(displayName: string | null | undefined): string | null {
  const first = displayName?.trim().split(/\s+/)[0]?.replace(/[,.;:!?]+$/u, "");
  if (!first || first.startsWith("@") || !/\p{L}/u.test(first)) return null;
  return first.slice(0, 60);
}

/** `body` with `{{first_name}}` filled from `contactName`, or cleanly removed when it is unknown. */
export function fillSavedReply(body: string, contactName: string | null | undefined): string {
  const name = firstNameOf(contactName);
  // A function, not a string: "$&" in a name must stay as typed.
  if (name) return body.replace(ALL, () => name);
  return body
    .replace(AT_LINE_START, (_match, indent: string, next: string) => `${indent}${next.toUpperCase()}`)
    .replace(AFTER_COMMA, "")
    .replace(ANYWHERE, "");
}

/** Whether a saved reply greets by name (the menu says so). */
export function usesFirstName(body: string): boolean {
  return new RegExp(PLACEHOLDER, "i").test(body);
}
