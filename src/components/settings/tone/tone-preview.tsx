"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { describeReplyFlags } from "@/components/inbox/describe-reply";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { TONE_PREVIEW_SAMPLES } from "@/shared/tone/preview-samples";

const TYPED = "typed";
/** After the first preview, edits to the tone or the sample refresh it once typing pauses. */
const REFRESH_AFTER_MS = 1_200;

/**
 * A preview of the reply the AI would give a sample customer message with the tone being edited,
 * before it is saved. Nothing is sent or stored; each preview is one reply-agent call, counted
 * against the AI rate limit and budget like any other.
 */
export function TonePreview({ toneGuidelines }: { toneGuidelines: string }) {
  const trpc = useTRPC();
  const [sampleId, setSampleId] = useState<string>(TONE_PREVIEW_SAMPLES[0].id);
  const [typed, setTyped] = useState("");
  const [live, setLive] = useState(false);
  const preview = useMutation(trpc.workspace.previewTone.mutationOptions());
  const sample = TONE_PREVIEW_SAMPLES.find((s) => s.id === sampleId);
  const request = { toneGuidelines, message: sample ? sample.text : typed, intent: sample ? sample.intent : ("support" as const) };
  const key = JSON.stringify(request);
  const latest = useRef(request);
  const sent = useRef<string | null>(null);
  useEffect(() => {
    latest.current = request;
  });

  const { mutate } = preview;
  const run = (next: typeof request, nextKey: string) => {
    sent.current = nextKey;
    mutate(next);
  };
  useEffect(() => {
    if (!live || sent.current === key || latest.current.message.trim() === "") return;
    const timer = setTimeout(() => run(latest.current, key), REFRESH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [key, live]); // eslint-disable-line react-hooks/exhaustive-deps -- `run` reads refs; the request is keyed by `key`

  const failure = preview.error ? readTrpcError(preview.error) : null;
  const result = preview.data;
  const reasons = result?.status === "ok" && result.handoff ? describeReplyFlags(result.flags).filter((f) => f.kind !== "note") : [];

  return (
    <section aria-label="Tone preview" className="space-y-3 rounded-lg border border-slate-200 bg-slate-50/60 p-4">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Preview a reply with this tone</h3>
        <p className="text-xs text-slate-500">Uses the unsaved text above and your knowledge base. Nothing is sent or saved; each preview counts as one AI call.</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Customer message" name="tonePreviewSample" value={sampleId} onChange={(e) => setSampleId(e.target.value)}>
          {TONE_PREVIEW_SAMPLES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
          <option value={TYPED}>Type my own…</option>
        </SelectField>
        {sample ? (
          <p className="self-end rounded-lg bg-white p-3 text-sm text-slate-700">{sample.text}</p>
        ) : (
          <TextAreaField
            label="Your sample message" name="tonePreviewMessage" rows={2} maxLength={1000} value={typed}
            onChange={(e) => setTyped(e.target.value)} error={failure ? firstFieldError(failure.fieldErrors, "message") : undefined}
          />
        )}
      </div>
      <Button variant="secondary" pending={preview.isPending} onClick={() => { setLive(true); run(request, key); }}>
        {live ? "Refresh preview" : "Preview reply"}
      </Button>
      <div aria-live="polite" className="space-y-2 text-sm">
        {failure ? <Notice tone="error">{failure.fieldErrors.toneGuidelines?.[0] ?? failure.message}</Notice> : null}
        {result?.status === "failed" ? <Notice tone="error">{result.message}</Notice> : null}
        {result?.status === "ok" ? (
          <>
            {result.notice ? <Notice tone="warning">{result.notice}</Notice> : null}
            {result.handoff ? (
              <Notice tone="info" title="A person would take over">
                {reasons.length > 0 ? reasons.map((r) => r.text).join("; ") : "The AI would not answer this on its own."} This is the hand-off the customer would get.
              </Notice>
            ) : null}
            <p data-testid="tone-preview-reply" className="whitespace-pre-wrap rounded-lg bg-white p-3 text-slate-800 shadow-sm">{result.reply}</p>
            <p className="text-xs text-slate-500">
              {result.writtenBy === "model" ? "Written by your AI model." : "Written by the built-in model, which follows simple tone cues (greeting, formality, sign-off)."}
              {result.usedArticles.length > 0 ? ` From: ${result.usedArticles.map((a) => a.title).join(", ")}.` : ""}
            </p>
          </>
        ) : null}
      </div>
    </section>
  );
}
