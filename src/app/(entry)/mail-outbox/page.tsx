import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listLocalOutbox } from "@/server/infra/mail/list-local-outbox";

export const metadata: Metadata = { title: "Local mail outbox · Leadline" };
export const dynamic = "force-dynamic";

/** Splits a mail's text into plain parts and links, so the links can be followed here. */
function withLinks(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) => {
    if (!/^https?:\/\//.test(part)) return part;
    // Absolute links name APP_URL; stay on the origin this page was opened on.
    const url = new URL(part);
    return (
      <a key={i} href={`${url.pathname}${url.search}`} className="font-semibold text-brand-700 underline">
        {part}
      </a>
    );
  });
}

/**
 * The embedded default's mail outbox (no mail server runs there): every account mail the app
 * "sent", newest first. Absent (404) with SMTP_URL set or in production.
 */
export default async function MailOutboxPage() {
  const mails = await listLocalOutbox();
  if (mails === null) notFound();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Local mail outbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          No mail server is configured, so mails are kept here instead of being sent. Set <code>SMTP_URL</code> to deliver them.
        </p>
      </div>
      {mails.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">No mails yet. Sign up to see a confirmation mail here.</p>
      ) : (
        <ul className="space-y-3">
          {mails.map((mail) => (
            <li key={mail.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <p className="text-sm font-semibold text-slate-900">{mail.subject}</p>
              <p className="text-xs text-slate-500">
                To {mail.to} · <time dateTime={mail.createdAt.toISOString()}>{mail.createdAt.toLocaleString("en")}</time>
              </p>
              <p className="mt-3 whitespace-pre-wrap break-words text-sm text-slate-700">{withLinks(mail.text)}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
