"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "@/components/ui/button";

/** The inbox's keyboard shortcuts, as the help overlay lists them. */
export const SHORTCUTS = [
  { key: "j", label: "Next conversation" },
  { key: "k", label: "Previous conversation" },
  { key: "r", label: "Reply: go to the reply box" },
  { key: "a", label: "Approve and send the AI draft" },
  { key: "e", label: "Close the conversation" },
  { key: "s", label: "Snooze until tomorrow, 9:00" },
  { key: "i", label: "Assign to me" },
  { key: "/", label: "Search" },
  { key: "?", label: "Show these shortcuts" },
] as const;

export type ShortcutKey = (typeof SHORTCUTS)[number]["key"];
const KEYS = new Set<string>(SHORTCUTS.map((s) => s.key));

/** Typing somewhere (a field, an editable area, a select, an open dialog): shortcuts stay out of the way. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === "undefined" || !(target instanceof Element)) return false;
  if (target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog[open]")) return true;
  return false;
}

/** The shortcut a key press means, or null (modifiers other than Shift, repeats, typing). */
export function shortcutFor(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "repeat" | "target" | "isComposing">): ShortcutKey | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  if (isTypingTarget(event.target)) return null;
  return KEYS.has(event.key) ? (event.key as ShortcutKey) : null;
}

/** Calls `onShortcut` for the inbox's shortcuts pressed anywhere on the page outside a field. */
export function useInboxShortcuts(onShortcut: (key: ShortcutKey) => void): void {
  const handler = useRef(onShortcut);
  useEffect(() => {
    handler.current = onShortcut;
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      const key = shortcutFor(event);
      if (!key || (event.repeat && key !== "j" && key !== "k")) return;
      event.preventDefault();
      handler.current(key);
    };
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}

/**
 * The list of shortcuts in a modal dialog: the native dialog traps focus and closes on Escape,
 * focus starts on its close button and returns to where it was.
 */
export function ShortcutHelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      // Focus goes to the close button (autoFocus), the only control inside.
      element.showModal();
    }
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      onClose={() => {
        if (open) onClose();
      }}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-4 px-6 py-5">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.key} className="contents">
              <dt><kbd className="inline-block min-w-7 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 text-center font-mono text-xs text-slate-800">{s.key}</kbd></dt>
              <dd className="text-slate-700">{s.label}</dd>
            </div>
          ))}
        </dl>
        <p className="text-xs text-slate-500">Shortcuts work anywhere in the inbox except while typing in a field.</p>
        <div className="flex justify-end">
          <Button autoFocus variant="secondary" onClick={onClose}>Close</Button>
        </div>
      </div>
    </dialog>
  );
}
