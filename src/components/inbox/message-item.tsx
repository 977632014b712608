import type { RouterOutputs } from "@/components/trpc/router-types";
import { Notice } from "@/components/ui/notice";
import { Spinner } from "@/components/ui/spinner";
import { AgentRunsDisclosure } from "./agent-runs";
import { Badge } from "../ui/badge";
import { formatDateTime } from "../ui/format-time";
import { IntentBadge } from "../ui/intent-badge";

export type ConversationMessage = RouterOutputs["inbox"]["get"]["messages"][number];

/** A customer's message: text, the classifier's intent and confidence, its failure if any, and the agent runs. */
export function MessageItem({ message, author }: { message: ConversationMessage; author: string }) {
  const waiting = message.status === "RECEIVED" || message.status === "PROCESSING";
  return (
    <article aria-label={`Message from ${author}`} className="mr-auto max-w-[90%] rounded-xl rounded-tl-sm border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <header className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <span className="font-medium text-slate-800">{author}</span>
        <time dateTime={message.sentAt.toISOString()}>{formatDateTime(message.sentAt)}</time>
        {message.intent ? <IntentBadge intent={message.intent} confidence={message.intentConfidence} /> : null}
        {waiting ? (
          <span className="inline-flex items-center gap-1 text-slate-500">
            <Spinner className="size-3" />
            {message.status === "RECEIVED" ? "Waiting for the agents…" : "Classifying…"}
          </span>
        ) : null}
        {message.status === "FAILED" ? <Badge tone="red">Failed</Badge> : null}
      </header>
      <p className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900">
        {message.text ?? <em className="text-slate-500">The text was removed by the workspace’s retention policy.</em>}
      </p>
      {message.status === "FAILED" ? (
        <Notice tone="error" title="The agents could not process this message" className="mt-3">
          <p className="break-words font-mono text-xs">{message.error ?? "No error was recorded."}</p>
          <p className="mt-1">It was not classified or answered automatically. You can still reply yourself.</p>
        </Notice>
      ) : message.error ? (
        <p className="mt-2 text-xs text-amber-800">{message.error}</p>
      ) : null}
      <AgentRunsDisclosure runs={message.agentRuns} />
    </article>
  );
}
