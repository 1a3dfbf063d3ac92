/**
 * The sandbox's stand-in for Sage's sign-in and consent page: the app asks for access to the
 * sandbox user's businesses, the user presses Approve or Deny. Sage grants access per user (every
 * business they can reach), so there is no business to choose here.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The OAuth request travels in hidden fields, so the form posts back everything the app sent. */
const carried = ['client_id', 'response_type', 'redirect_uri', 'scope', 'scopes', 'state', 'filter', 'country'] as const;

export function sageConsentPage(p: { query: Record<string, string | undefined>; businesses: readonly string[]; scope: string }): string {
  const hidden = carried.filter((k) => p.query[k] !== undefined).map((k) => `<input type="hidden" name="${k}" value="${escape(p.query[k]!)}">`).join('');
  const access = p.scope === 'readonly' ? 'read' : 'read and change';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sage Accounting sandbox: allow access</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}</style></head>
<body><h1>Sage Accounting sandbox</h1>
<p>An app is asking to ${access} the accounts of Sam Sandbox's businesses:</p>
<ul>${p.businesses.map((b) => `<li>${escape(b)}</li>`).join('')}</ul>
<form method="post" action="central">${hidden}
<button type="submit" name="decision" value="allow">Approve</button><button type="submit" name="decision" value="deny">Deny</button>
</form>
<p><small>Simulated businesses only; no real Sage account is involved.</small></p>
</body></html>`;
}

export const sageRefusalPage = (reason: string): string =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sage Accounting sandbox</title></head><body><h1>Sage Accounting sandbox</h1><p>${escape(reason)}</p></body></html>`;
