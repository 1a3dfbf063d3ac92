/** Escapes text for HTML content and attribute values. Every client- or staff-supplied string passes here. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A tagged template whose interpolations are escaped unless already marked safe with `raw`. */
export type Safe = { readonly __html: string };
export const raw = (html: string): Safe => ({ __html: html });
export const html = (strings: TemplateStringsArray, ...values: (string | number | Safe | readonly Safe[] | null | undefined | false)[]): Safe =>
  raw(strings.reduce((out, s, i) => {
    const v = values[i - 1];
    const text = v === null || v === undefined || v === false ? '' : Array.isArray(v) ? v.map((x: Safe) => x.__html).join('')
      : typeof v === 'object' ? (v as Safe).__html : escapeHtml(String(v));
    return out + text + s;
  }));

/**
 * The small markdown subset descriptions and cover letters may use: paragraphs, `- ` bullets,
 * **bold** and *italic*. The text is escaped first, so no mark-up from the input survives.
 */
export const markdownLite = (text: string): Safe => {
  const inline = (s: string) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\*(.+?)\*/g, '<em>$1</em>');
  const blocks = text.replace(/\r\n/g, '\n').split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  return raw(blocks.map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => /^\s*[-*] /.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
    return `<p>${lines.map(inline).join('<br>')}</p>`;
  }).join(''));
};

const styles = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dde5;--accent:#0b5cad;--ok:#13723d;--warn:#8a4b00;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:60rem;margin:0 auto;padding:1.25rem}header{padding:1.5rem 0 .5rem}h1{font-size:1.7rem;line-height:1.25;margin:.25rem 0}
h2{font-size:1.3rem;margin:2rem 0 .75rem}h3{font-size:1.15rem;margin:1rem 0 .25rem}
h4.section{font-size:.85rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1rem 0 .25rem}h5{font-size:1rem;margin:.25rem 0}.muted{color:var(--muted)}
section.card,fieldset.card{background:#fff;border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.25rem;margin:0 0 1rem}
.tiers{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
.tier{display:block;background:#fff;border:2px solid var(--line);border-radius:.6rem;padding:1rem;cursor:pointer}
.tier:has(input:checked){border-color:var(--accent);box-shadow:0 0 0 3px #0b5cad33}
.tier input,.check input{width:1.2rem;height:1.2rem;margin-right:.5rem;vertical-align:-.15rem}.tier label{cursor:pointer}
.addon{border-top:1px solid var(--line)}.addon:first-of-type{border-top:0}p.check{margin:.6rem 0 0}
.line{border-top:1px solid var(--line);padding:.5rem 0}.line:first-child{border-top:0}.price{font-weight:600}
dl.totals{margin:.75rem 0 0}.total{border-top:1px solid var(--line);padding:.4rem 0}.total dt{color:var(--muted);font-size:.9rem}
.total dd{margin:0;font-variant-numeric:tabular-nums}.total dd strong{font-size:1.1rem}
label.check{display:flex;gap:.6rem;align-items:flex-start;padding:.4rem 0}label.check input{width:1.2rem;height:1.2rem;margin-top:.2rem}
input[type=text],textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #8a93a3;border-radius:.4rem}
button{font:inherit;font-weight:600;padding:.7rem 1.3rem;border-radius:.4rem;border:0;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--ink);border:1px solid #8a93a3}:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.error{color:#a3122a;font-weight:600}.banner{padding:1rem 1.25rem;border-radius:.6rem;margin:1rem 0;background:#fff;border-left:6px solid var(--accent)}
.banner.ok{border-color:var(--ok)}.banner.warn{border-color:var(--warn)}.terms{white-space:pre-wrap}
@media (max-width:40rem){main{padding:.75rem}h1{font-size:1.4rem}}`;

/** The whole document: no scripts, no external assets, styles inline. */
export const page = (title: string, body: Safe): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><main>${body.__html}</main></body></html>`;
