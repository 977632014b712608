"use client";

import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterInputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextAreaField, TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { DEMO_EXAMPLES } from "./demo-examples";

export type DemoInput = RouterInputs["demo"]["send"];

type Props = {
  /** Resolves true when the server accepted the message. */
  onSend: (input: DemoInput) => Promise<boolean>;
  /** Viewers, or a workspace without a Demo channel: the form shows but cannot send. */
  disabled: boolean;
  /** The last send that the server refused (validation errors show on their fields). */
  error: unknown;
};

/** The customer's profile and message, plus one-click example messages. */
export function DemoForm({ onSend, disabled, error }: Props) {
  const [name, setName] = useState("Jamie Rivera");
  const [handle, setHandle] = useState("jamie_r");
  const [followers, setFollowers] = useState("1200");
  const [verified, setVerified] = useState(false);
  const [text, setText] = useState("");
  const failure = error ? readTrpcError(error) : null;
  const fieldError = (field: string) => (failure ? firstFieldError(failure.fieldErrors, field) : undefined);

  const send = (message: string) => {
    const count = followers.trim() === "" ? 0 : Number(followers);
    return onSend({ name, handle, followers: count, verified, text: message });
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await send(text)) setText("");
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Play the customer" className="space-y-5">
      <fieldset disabled={disabled} className="space-y-5 disabled:opacity-70">
        {failure ? <Notice tone="error" title="The message was not sent">{failure.message}</Notice> : null}
        <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-sm font-semibold text-slate-900">The customer</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" name="name" required maxLength={80} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={fieldError("name")} />
            <TextField label="Handle" name="handle" required maxLength={31} autoComplete="off" value={handle} onChange={(e) => setHandle(e.target.value)} hint="Each handle is its own conversation." error={fieldError("handle")} />
          </div>
          <TextField label="Followers" name="followers" type="number" inputMode="numeric" min={0} step={1} value={followers} onChange={(e) => setFollowers(e.target.value)} error={fieldError("followers")} />
          <CheckboxField label="Verified account" description="Large and verified accounts score higher." checked={verified} onChange={(e) => setVerified(e.target.checked)} />
        </div>

        <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <TextAreaField label="Message" name="text" required rows={4} maxLength={5_000} value={text} onChange={(e) => setText(e.target.value)} placeholder="Write as the customer would…" error={fieldError("text")} />
          <Button type="submit" disabled={text.trim() === ""} className="w-full sm:w-auto">Send as the customer</Button>
        </div>

        <div className="space-y-2">
          <h2 className="text-sm font-semibold text-slate-900">Or send an example</h2>
          <ul className="grid gap-2">
            {DEMO_EXAMPLES.map((example) => (
              <li key={example.id}>
                <button
                  type="button"
                  onClick={() => void send(example.text)}
                  className="w-full rounded-lg border border-slate-200 bg-white px-3 py-2 text-left shadow-sm transition-colors hover:border-brand-500/50 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed"
                >
                  <span className="block text-sm font-medium text-slate-900"><span className="sr-only">Send example: </span>{example.label}</span>
                  <span className="mt-0.5 block text-xs text-slate-600">“{example.text}”</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      </fieldset>
    </form>
  );
}
