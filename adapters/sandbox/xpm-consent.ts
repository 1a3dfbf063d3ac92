/**
 * The sandbox's stand-in for Xero's sign-in and consent page: the app asks for the scopes it wants
 * and the user presses Allow access or Cancel. Every tenant the sandbox user has is connected on
 * approval (Xero lets the user pick; the sandbox has one practice worth picking).
 */
import { escapeHtml as escape } from './sage-html.js';

/** The OAuth request travels in hidden fields, so the form posts back everything the app sent. */
const carried = ['client_id', 'response_type', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'] as const;

const page = (title: string, body: string) => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}</style></head>
<body>${body}<p><small>Xero Practice Manager sandbox: a simulated practice, no real Xero account is involved.</small></p></body></html>`;

export function xpmConsentPage(p: { query: Record<string, string | undefined>; tenants: readonly string[]; scopes: readonly string[] }): string {
  const hidden = carried.filter((k) => p.query[k] !== undefined).map((k) => `<input type="hidden" name="${k}" value="${escape(p.query[k]!)}">`).join('');
  return page('Xero sandbox: allow access', `<h1>Xero Practice Manager sandbox</h1>
<p>An app wants access to these organisations of Pat Sandbox:</p>
<ul>${p.tenants.map((t) => `<li>${escape(t)}</li>`).join('')}</ul>
<p>It asks for: ${p.scopes.map(escape).join(', ')}</p>
<form method="post" action="authorize">${hidden}
<button type="submit" name="decision" value="allow">Allow access</button><button type="submit" name="decision" value="deny">Cancel</button>
</form>`);
}

export const xpmRefusalPage = (reason: string): string => page('Xero sandbox', `<h1>Xero Practice Manager sandbox</h1><p>${escape(reason)}</p>`);
