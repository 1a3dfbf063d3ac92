/**
 * A service description as plain text for a ledger's invoice line. Descriptions use a small markdown
 * subset (paragraphs, `- ` bullets, **bold**, *italic*; see domain/proposals/service.ts), so the
 * conversion is written here rather than taken from markdown-it: domain/ may import no package (the
 * dependency rule), markdown-it renders HTML, not text, and html-to-text is not a dependency.
 * Emphasis counts only at word edges, as in adapters/markup.ts, so `5 * 3` stays as typed.
 */
export type PlainDescription = { readonly text: string; readonly cut: boolean };

/** Long enough for a paragraph and a few bullets; ledgers print line descriptions on the invoice itself. */
export const maxDescriptionLength = 1000;

const bullet = /^\s*[-*]\s+/;
const bold = /(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])/g;
const italic = /(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g;

const plainLine = (line: string): string => {
  const isBullet = bullet.test(line);
  const text = line.replace(bullet, '').replace(bold, '$1').replace(italic, '$1').trim();
  return isBullet ? `- ${text}` : text;
};

/** Cuts at the last word boundary that leaves room for the ellipsis; a single endless word is cut where it must be. */
const cutAt = (text: string, max: number): string => {
  const room = text.slice(0, max - 1);
  const boundary = room.search(/\s+\S*$/);
  return `${(boundary > 0 ? room.slice(0, boundary) : room).trimEnd()}…`;
};

export const plainDescription = (markdown: string, max: number = maxDescriptionLength): PlainDescription => {
  const text = markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)
    .map((block) => block.split('\n').map(plainLine).filter(Boolean).join('\n'))
    .filter(Boolean).join('\n\n');
  return text.length > max ? { text: cutAt(text, max), cut: true } : { text, cut: false };
};
