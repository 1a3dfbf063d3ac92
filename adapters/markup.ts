/**
 * The inline mark-up card prose may use, the same in every chat: `*bold*`, `_italic_`, `` `code` ``
 * (commands to type) and `<https://…|label>` links. Each renderer turns these spans into its own
 * format (Slack mrkdwn, Adaptive Card markdown, terminal text), so no renderer shows them raw.
 *
 * Like Slack's, emphasis only counts at word edges: `5 * 3`, `snake_case` and `a*b` stay text.
 */
export type Span =
  | { readonly kind: 'text' | 'bold' | 'italic' | 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly text: string; readonly url: string };

const pattern = new RegExp([
  /`([^`\n]+)`/.source,
  /<((?:https?|mailto):[^|>\s]+)(?:\|([^>\n]+))?>/.source,
  /(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/.source,
  /(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/.source,
].join('|'), 'g');

export function spans(text: string): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    const [, code, url, label, bold, italic] = m;
    if (code !== undefined) out.push({ kind: 'code', text: code });
    else if (url !== undefined) out.push({ kind: 'link', text: label ?? url, url });
    else if (bold !== undefined) out.push({ kind: 'bold', text: bold });
    else out.push({ kind: 'italic', text: italic! });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}
