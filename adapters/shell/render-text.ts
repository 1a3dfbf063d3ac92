import type { Button, Card } from '../../src/cards.js';

/** A card as terminal text. Buttons that run commands are numbered from `start`; typing the number presses it. */
export type Rendered = { readonly text: string; readonly commands: readonly string[] };

const toneMark = { info: '', success: '✓ ', warning: '! ', error: '✗ ' } as const;

export function renderCard(c: Card, start = 1): Rendered {
  const commands: string[] = [];
  const buttonText = (buttons: readonly Button[] | undefined): string =>
    (buttons ?? [])
      .map((b) => {
        if (b.url) return `[${b.label}: ${b.url}]`;
        if (!b.command) return `[${b.label}]`;
        commands.push(b.command);
        return `[${start + commands.length - 1}] ${b.label}`;
      })
      .join('  ');

  const lines: string[] = [`${toneMark[c.tone ?? 'info']}${c.title}`];
  if (c.text) lines.push(...c.text.split('\n').map((l) => `  ${l}`));
  const width = Math.max(0, ...(c.fields ?? []).map((f) => f.label.length));
  for (const f of c.fields ?? []) lines.push(`  ${`${f.label}:`.padEnd(width + 1)} ${f.value}`);
  for (const row of c.rows ?? []) {
    lines.push(`  • ${row.title}`);
    if (row.text) lines.push(...row.text.split('\n').map((l) => `      ${l}`));
    for (const f of row.fields ?? []) lines.push(`      ${f.label}: ${f.value}`);
    const buttons = buttonText(row.buttons);
    if (buttons) lines.push(`      ${buttons}`);
  }
  if (c.form) {
    lines.push(`  Form: ${c.form.title}`);
    for (const input of c.form.inputs) {
      const choices = input.options ? ` (one of: ${input.options.map((o) => o.value).join(', ')})` : '';
      lines.push(`    ${input.id}=…  ${input.label}${input.required ? ' (required)' : ''}${choices}${input.error ? `  ✗ ${input.error}` : ''}`);
    }
    lines.push(`    Reply with: ${c.form.submit} ${c.form.inputs.map((i) => `${i.id}=…`).join(' ')}`);
  }
  for (const link of c.links ?? []) lines.push(`  ${link.label}: ${link.url}`);
  const buttons = buttonText(c.buttons);
  if (buttons) lines.push(`  ${buttons}`);
  if (c.footer) lines.push(`  ${c.footer}`);
  return { text: lines.join('\n'), commands };
}

/** Several cards, numbered on from one another so every button in a reply has its own number; a header (e.g. a notification's event) goes above its card. */
export function renderCards(cards: readonly Card[], headers: readonly (string | undefined)[] = []): Rendered {
  const texts: string[] = [];
  const commands: string[] = [];
  for (const [i, c] of cards.entries()) {
    const r = renderCard(c, commands.length + 1);
    texts.push(headers[i] ? `${headers[i]}\n${r.text}` : r.text);
    commands.push(...r.commands);
  }
  return { text: texts.join('\n\n'), commands };
}
