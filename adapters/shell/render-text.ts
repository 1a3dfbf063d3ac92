import type { Button, Card } from '../../src/cards.js';
import { spans } from '../markup.js';

/** A card as terminal text. Buttons that run commands are numbered from `start`; typing the number presses it. */
export type Rendered = { readonly text: string; readonly commands: readonly string[] };

export type RenderOptions = {
  /** A terminal that understands ANSI escapes (a TTY): bold and italic are shown as such. Plain text otherwise. */
  readonly ansi?: boolean;
};

const toneMark = { info: '', success: '✓ ', warning: '! ', error: '✗ ' } as const;
const ansiStyle = { bold: ['\x1b[1m', '\x1b[22m'], italic: ['\x1b[3m', '\x1b[23m'] } as const;

/** Card prose as the terminal shows it: emphasis in ANSI on a TTY and bare otherwise, commands in `backticks`, links as "label (url)". */
export const inline = (text: string, o: RenderOptions = {}): string =>
  spans(text).map((s) => {
    switch (s.kind) {
      case 'text': return s.text;
      case 'code': return `\`${s.text}\``;
      case 'link': return s.text === s.url ? s.url : `${s.text} (${s.url})`;
      case 'bold':
      case 'italic': return o.ansi ? `${ansiStyle[s.kind][0]}${s.text}${ansiStyle[s.kind][1]}` : s.text;
    }
  }).join('');

export function renderCard(c: Card, start = 1, o: RenderOptions = {}): Rendered {
  const commands: string[] = [];
  const md = (text: string) => inline(text, o);
  const lines: string[] = [];
  const buttonLines = (buttons: readonly Button[] | undefined, indent: string): void => {
    const numbered: string[] = [];
    for (const b of buttons ?? []) {
      if (b.url) lines.push(`${indent}${b.label}: ${b.url}`);
      else if (!b.command) numbered.push(`[${b.label}]`);
      else {
        commands.push(b.command);
        numbered.push(`[${start + commands.length - 1}] ${b.label}`);
      }
    }
    if (numbered.length) lines.push(`${indent}${numbered.join('  ')}`);
  };

  lines.push(`${toneMark[c.tone ?? 'info']}${o.ansi ? `${ansiStyle.bold[0]}${c.title}${ansiStyle.bold[1]}` : c.title}`);
  if (c.text) lines.push(...md(c.text).split('\n').map((l) => `  ${l}`));
  const width = Math.max(0, ...(c.fields ?? []).map((f) => f.label.length));
  for (const f of c.fields ?? []) lines.push(`  ${`${f.label}:`.padEnd(width + 1)} ${md(f.value)}`);
  for (const row of c.rows ?? []) {
    lines.push(`  • ${md(row.title)}`);
    if (row.text) lines.push(...md(row.text).split('\n').map((l) => `      ${l}`));
    for (const f of row.fields ?? []) lines.push(`      ${f.label}: ${md(f.value)}`);
    buttonLines(row.buttons, '      ');
  }
  if (c.form) {
    lines.push(`  Form: ${c.form.title}`);
    for (const input of c.form.inputs) {
      const choices = input.options ? ` (one of: ${input.options.map((x) => x.value).join(', ')})` : '';
      lines.push(`    ${input.id}=…  ${input.label}${input.required ? ' (required)' : ''}${choices}${input.error ? `  ✗ ${input.error}` : ''}`);
    }
    lines.push(`    Reply with: ${c.form.submit} ${c.form.inputs.map((i) => `${i.id}=…`).join(' ')}`);
  }
  // A link whose address the card already shows (a "Link" field) is not printed a second time.
  const shown = (c.fields ?? []).map((f) => f.value);
  for (const link of c.links ?? []) if (!shown.includes(link.url)) lines.push(`  ${link.label}: ${link.url}`);
  buttonLines(c.buttons, '  ');
  if (c.footer) lines.push(`  ${md(c.footer)}`);
  return { text: lines.join('\n'), commands };
}

/**
 * Several cards, numbered on from one another so every button in a reply has its own number; a
 * header (a notification's event) goes above its card, and an indent (a reply in a thread) before
 * each of its lines.
 */
export function renderCards(
  cards: readonly Card[],
  o: RenderOptions & { readonly headers?: readonly (string | undefined)[]; readonly indents?: readonly (string | undefined)[] } = {},
): Rendered {
  const texts: string[] = [];
  const commands: string[] = [];
  for (const [i, c] of cards.entries()) {
    const r = renderCard(c, commands.length + 1, o);
    const header = o.headers?.[i];
    const text = header ? `${header}\n${r.text}` : r.text;
    const indent = o.indents?.[i];
    texts.push(indent ? text.split('\n').map((l) => `${indent}${l}`).join('\n') : text);
    commands.push(...r.commands);
  }
  return { text: texts.join('\n\n'), commands };
}
