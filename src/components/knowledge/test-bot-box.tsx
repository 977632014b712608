"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { describeReplyFlags } from "@/components/inbox/describe-reply";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextAreaField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

/** Flags that say how a reply was written, not why a person would take over. */
const HOW_WRITTEN = new Set(["llm", "local-extractive", "local-model", "truncated"]);

/**
 * "Test the bot": type a question a customer might ask and see the reply the AI would give from
 * the current articles and tone, which articles it used, and why it would hand off. Nothing is
 * sent or stored.
 */
export function TestBotBox() {
  const trpc = useTRPC();
  const [question, setQuestion] = useState("");
  const test = useMutation(trpc.knowledge.testBot.mutationOptions());
  const failure = test.error ? readTrpcError(test.error) : null;
  const result = test.data;
  const reasons = result ? describeReplyFlags(result.flags.filter((f) => !HOW_WRITTEN.has(f))) : [];
  // Beside an answer, the non-hand-off flags and how it was written, in a small line under it.
  const notes = result ? [...(result.handoff ? [] : reasons), ...describeReplyFlags(result.flags.filter((f) => HOW_WRITTEN.has(f)))] : [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    test.mutate({ question });
  }

  return (
    <Card title="Test the bot" description="Ask a question the way a customer would. Nothing is sent to anyone or saved.">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Test the bot">
        {failure && !firstFieldError(failure.fieldErrors, "question") ? <Notice tone="error">{failure.message}</Notice> : null}
        <TextAreaField
          label="Question" name="question" rows={3} maxLength={1000} required value={question}
          onChange={(e) => setQuestion(e.target.value)} error={failure ? firstFieldError(failure.fieldErrors, "question") : undefined}
        />
        <Button type="submit" pending={test.isPending}>Ask</Button>
      </form>
      {result ? (
        <div className="mt-6 space-y-3 text-sm" aria-live="polite">
          {result.handoff ? (
            <Notice tone="warning" title="A person would take over">
              {reasons.length > 0 ? reasons.map((r) => r.text).join("; ") : "The AI would not answer this on its own."}
            </Notice>
          ) : null}
          <div>
            <h3 className="font-medium text-slate-900">{result.handoff ? "The hand-off reply the customer would get" : "The answer"}</h3>
            <p className="mt-1 whitespace-pre-wrap rounded-lg bg-slate-50 p-3 text-slate-800">{result.answer}</p>
          </div>
          <div>
            <h3 className="font-medium text-slate-900">Articles used</h3>
            {result.usedArticles.length === 0 ? (
              <p className="mt-1 text-slate-600">None.</p>
            ) : (
              <ul className="mt-1 list-disc pl-5 text-slate-800">
                {result.usedArticles.map((a) => <li key={a.id}>{a.title}</li>)}
              </ul>
            )}
          </div>
          {notes.length > 0 ? <p className="text-slate-600">{notes.map((r) => r.text).join(" · ")}</p> : null}
        </div>
      ) : null}
    </Card>
  );
}
