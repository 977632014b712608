"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "./button";
import { Notice } from "./notice";

type Props = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  /** The failed action's message, shown inside the dialog so the person can retry or cancel. */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * A confirmation for a destructive action. The native modal dialog traps focus, closes on
 * Escape and returns focus to the button that opened it; while the action runs it cannot be
 * dismissed (the outcome would be lost).
 */
export function ConfirmDialog({ open, title, children, confirmLabel, pending, error, onConfirm, onCancel }: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        if (pending) e.preventDefault();
      }}
      onClose={() => {
        if (open) onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-4 px-6 py-5">
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">{title}</h2>
        <div id={`${id}-body`} className="text-sm text-slate-600">{children}</div>
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" disabled={pending} onClick={onCancel}>Cancel</Button>
          <Button variant="danger" pending={pending} onClick={onConfirm}>{confirmLabel}</Button>
        </div>
      </div>
    </dialog>
  );
}
