/**
 * Moves focus to the reply box of the open conversation (the `r` shortcut, and the Reply button
 * on small screens), scrolling it into view. False when there is none (a viewer, no conversation).
 */
export function focusComposer(): boolean {
  const box = document.querySelector<HTMLTextAreaElement>('form[aria-label="Write your own reply"] textarea');
  if (!box) return false;
  box.scrollIntoView({ block: "center" });
  box.focus({ preventScroll: true });
  return true;
}
