/** The clickable consent page both fakes show (a stand-in for Meta's and X's dialogs). */
import { escapeHtml } from "./http";

export function consentPage(o: { service: string; appName: string; who: string; grants: string[]; allowUrl: string; denyUrl: string }): string {
  const grants = o.grants.map((g) => `<li>${escapeHtml(g)}</li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(o.service)} (fake) - log in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}a.button{display:inline-block;padding:.6rem 1rem;margin:.3rem .3rem 0 0;border-radius:6px;text-decoration:none;border:1px solid #888;color:#111}a.primary{background:#1877f2;color:#fff;border-color:#1877f2}</style>
</head><body>
<p><small>Local fake of ${escapeHtml(o.service)}: nothing leaves this machine.</small></p>
<h1>${escapeHtml(o.appName)} wants to connect</h1>
<p>Signed in as <strong>${escapeHtml(o.who)}</strong>.</p>
<ul>${grants}</ul>
<a class="button primary" id="allow" href="${escapeHtml(o.allowUrl)}">Continue as ${escapeHtml(o.who)}</a>
<a class="button" id="cancel" href="${escapeHtml(o.denyUrl)}">Cancel</a>
</body></html>`;
}

export function errorPage(service: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(service)} (fake) - error</title></head><body><h1>Something went wrong</h1><p id="error">${escapeHtml(message)}</p></body></html>`;
}
