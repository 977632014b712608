import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { describeConnectError } from "./describe-connect-error";

/** Why the OAuth round trip came back without accounts (`?error=<code>`), in words, with a way to dismiss it. */
export function ConnectErrorNotice({ code, onDismiss }: { code: string; onDismiss: () => void }) {
  const { title, message } = describeConnectError(code);
  return (
    <Notice tone="error" title={title}>
      <p>{message}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDismiss}>Dismiss</Button>
    </Notice>
  );
}
