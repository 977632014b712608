"use client";

import { useId, useState } from "react";
import { Button } from "./button";
import { inputClasses } from "./form-fields";

/** A read-only value with a Copy button; the text stays selectable if the clipboard is unavailable. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <div className="flex gap-2">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={`${inputClasses} font-mono text-xs`} aria-describedby={hint ? `${id}-hint` : undefined} />
        <Button variant="secondary" onClick={() => void copy()}>{copied === "yes" ? "Copied" : "Copy"}</Button>
      </div>
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      <p role="status" className="sr-only">{copied === "yes" ? "Link copied to the clipboard" : ""}</p>
      {copied === "failed" ? <p className="text-xs text-amber-800">Couldn’t copy automatically: select the link and copy it.</p> : null}
    </div>
  );
}
