import { Notice } from "@/components/ui/notice";

export type ShownMail = { subject: string; label: string; url: string };

/**
 * On a machine with no mail server (the embedded default, never in production) the mail we just
 * "sent" is shown here, so the flow can go on. The link is the mail's one action.
 */
export function ShownMailNotice({ mail }: { mail: ShownMail }) {
  // The mail's links are absolute (APP_URL); on screen, stay on the origin this page was opened on.
  const url = new URL(mail.url);
  const href = `${url.pathname}${url.search}`;
  return (
    <Notice tone="info" title="No mail server is configured" className="mt-4">
      <p>
        This is the email we just kept in the local outbox: <span className="font-medium">“{mail.subject}”</span>.
      </p>
      <p className="mt-2">
        <a href={href} className="font-semibold underline">
          {mail.label}
        </a>
      </p>
      <p className="mt-2 text-xs">
        Every mail the app keeps is listed in the <a href="/mail-outbox" className="underline">local mail outbox</a>.
      </p>
    </Notice>
  );
}
