/**
 * The sandbox's consent page, shaped like Gusto's: the app asks for access, the admin chooses which
 * company to connect (one per grant, as Gusto's strict access issues one token per company) and
 * presses Authorize or Deny.
 */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Choice = { uuid: string; name: string; connected: boolean };

/** The OAuth request travels in hidden fields, so the form posts back everything Gusto was given. */
const carried = ['client_id', 'redirect_uri', 'response_type', 'state'] as const;

export function consentPage(p: { query: Record<string, string | undefined>; companies: readonly Choice[]; selected?: string }): string {
  const hidden = carried.map((k) => `<input type="hidden" name="${k}" value="${escape(p.query[k] ?? '')}">`).join('');
  const options = p.companies.map((c) => `<li><label><input type="radio" name="company" value="${escape(c.uuid)}"${c.uuid === p.selected ? ' checked' : ''}> ${escape(c.name)}${c.connected ? ' <small>(already connected)</small>' : ''}</label></li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gusto sandbox: authorize access</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
ul{list-style:none;padding:0;max-height:22rem;overflow:auto}li{margin:.3rem 0}button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}</style></head>
<body><h1>Gusto sandbox</h1>
<p>An app is asking to read a company's details, employees and contractors. Gusto grants access one company at a time: choose the company to connect.</p>
<form method="post" action="authorize">${hidden}
<ul>${options.join('')}</ul>
<button type="submit" name="decision" value="allow">Authorize</button><button type="submit" name="decision" value="deny">Deny</button>
</form>
<p><small>Simulated companies only; no real Gusto account is involved.</small></p>
</body></html>`;
}
