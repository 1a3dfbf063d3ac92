/** The Sage sandbox's pages (consent, refusals, invoices): one plain shell, every value escaped. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `body` is trusted mark-up the caller built with escapeHtml. */
export const sandboxPage = (title: string, body: string): string => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}
table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right}dt{font-weight:600}dd{margin:0 0 .4rem}</style></head>
<body>${body}
<p><small>Sage Accounting sandbox: simulated businesses only, no real Sage account is involved.</small></p>
</body></html>`;
