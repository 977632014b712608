import type { RouterOutputs } from "@/components/trpc/router-types";
import { ViewOnPlatformLink, type PostLink } from "@/components/platform-links/view-on-platform";
import { Notice } from "@/components/ui/notice";
import { Spinner } from "@/components/ui/spinner";
import { AgentRunsDisclosure } from "./agent-runs";
import { Badge } from "../ui/badge";
import { formatDateTime } from "../ui/format-time";
import { IntentBadge } from "../ui/intent-badge";
import { describeMessageBody, editedMarker } from "./describe-message";

export type ConversationMessage = RouterOutputs["inbox"]["get"]["messages"][number];

/**
 * A message of the conversation: the customer's (text, "edited" when they changed it, "deleted
 * by the sender" once they removed it, the classifier's intent, its failure if any, the agent
 * runs), or one the account sent from another tool (Meta's inbox, the phone app), shown on our
 * side so agents see what a colleague said.
 */
export function MessageItem({ message, author, post }: { message: ConversationMessage; author: string; post?: PostLink | undefined }) {
  if (message.direction === "OUTBOUND") return <OutboundMessageItem message={message} />;
  const waiting = !message.deletedAt && (message.status === "RECEIVED" || message.status === "PROCESSING");
  const body = describeMessageBody(message);
  const edited = editedMarker(message);
  return (
    <article aria-label={`Message from ${author}`} className="mr-auto max-w-[90%] rounded-xl rounded-tl-sm border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <header className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{author}</span>
        <time dateTime={message.sentAt.toISOString()}>{formatDateTime(message.sentAt)}</time>
        {edited && message.editedAt ? <span title={`Edited ${formatDateTime(message.editedAt)}`}>({edited})</span> : null}
        {message.intent ? <IntentBadge intent={message.intent} confidence={message.intentConfidence} /> : null}
        {waiting ? (
          <span className="inline-flex items-center gap-1 text-slate-500">
            <Spinner className="size-3" />
            {message.status === "RECEIVED" ? "Waiting for the agents…" : "Classifying…"}
          </span>
        ) : null}
        {message.status === "FAILED" ? <Badge tone="red">Failed</Badge> : null}
        {post ? <ViewOnPlatformLink url={post.url} platform={post.platform} what="this post" /> : null}
      </header>
      <p className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900">
        {body.kind === "text" ? body.text : <em className="text-slate-500">{body.text}</em>}
      </p>
      {message.deletedAt ? null : message.status === "FAILED" ? (
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

/** A message the account sent outside Leadline, echoed back by the platform. */
function OutboundMessageItem({ message }: { message: ConversationMessage }) {
  const body = describeMessageBody(message);
  return (
    <article aria-label="Message sent from another tool" className="ml-auto w-full max-w-[90%] rounded-xl rounded-tr-sm border border-slate-200 bg-slate-50 px-4 py-3 shadow-sm">
      <header className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <Badge tone="slate" title="Sent by your team from another app, such as Meta Business Suite">Sent from another tool</Badge>
        <time dateTime={message.sentAt.toISOString()}>{formatDateTime(message.sentAt)}</time>
      </header>
      <p className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900">
        {body.kind === "text" ? body.text : <em className="text-slate-500">{body.text}</em>}
      </p>
    </article>
  );
}
