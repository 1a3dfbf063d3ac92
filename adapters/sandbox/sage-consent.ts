/**
 * The sandbox's stand-in for Sage's sign-in and consent page: the app asks for access to the
 * sandbox user's businesses, the user presses Approve or Deny. Sage grants access per user (every
 * business they can reach), so there is no business to choose here.
 */
import { escapeHtml as escape, sandboxPage } from './sage-html.js';

/** The OAuth request travels in hidden fields, so the form posts back everything the app sent. */
const carried = ['client_id', 'response_type', 'redirect_uri', 'scope', 'scopes', 'state', 'filter', 'country'] as const;

export function sageConsentPage(p: { query: Record<string, string | undefined>; businesses: readonly string[]; scope: string }): string {
  const hidden = carried.filter((k) => p.query[k] !== undefined).map((k) => `<input type="hidden" name="${k}" value="${escape(p.query[k]!)}">`).join('');
  const access = p.scope === 'readonly' ? 'read' : 'read and change';
  return sandboxPage('Sage Accounting sandbox: allow access', `<h1>Sage Accounting sandbox</h1>
<p>An app is asking to ${access} the accounts of Sam Sandbox's businesses:</p>
<ul>${p.businesses.map((b) => `<li>${escape(b)}</li>`).join('')}</ul>
<form method="post" action="central">${hidden}
<button type="submit" name="decision" value="allow">Approve</button><button type="submit" name="decision" value="deny">Deny</button>
</form>`);
}

export const sageRefusalPage = (reason: string): string =>
  sandboxPage('Sage Accounting sandbox', `<h1>Sage Accounting sandbox</h1><p>${escape(reason)}</p>`);
