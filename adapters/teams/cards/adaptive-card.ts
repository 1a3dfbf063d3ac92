import type { Card, Form, Row } from '../../../src/cards.js';
import { actions, colorOf, factSet, inputElement, markdown, textBlock, type Action, type Element, type SubmitData } from './elements.js';

export type TeamsRenderContext = {
  /** The command that produced the cards, offered as "Run again" once the cached reply has expired. */
  readonly origin?: string;
  /** Where the reply is cached (adapters/reply-cache.ts): page turns read it from there. */
  readonly replyId?: string;
  readonly page?: { readonly card: number; readonly page: number };
};

/**
 * Teams refuses messages over 40 KB counted as UTF-16 (about 28 KB of UTF-8 JSON to be safe), so lists
 * are paged to fit that and to stay readable.
 */
export const maxCardBytes = 28_000;
const rowsPerPage = [10, 6, 3, 1];

const rowContainer = (row: Row): Element => ({
  type: 'Container',
  separator: true,
  items: [
    textBlock(markdown(row.title, 300), { weight: 'Bolder' }),
    ...(row.text ? [textBlock(markdown(row.text, 2000), { spacing: 'Small' })] : []),
    ...(row.fields?.length ? [factSet(row.fields.slice(0, 10))] : []),
    ...(row.buttons?.length ? [{ type: 'ActionSet', actions: actions(row.buttons) }] : []),
  ],
});

const formElements = (form: Form): Element[] => [
  textBlock(markdown(form.title, 200), { weight: 'Bolder', spacing: 'Medium' }),
  ...form.inputs.flatMap((input) => [
    inputElement(input),
    ...(input.error ? [textBlock(`⚠ ${markdown(input.error, 500)}`, { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
  ]),
];

const submitAction = (form: Form): Action => {
  const data: SubmitData = { ignition: 'submit', submit: form.submit };
  return { type: 'Action.Submit', title: form.submitLabel || 'Submit', style: 'positive', data };
};

const pageActions = (at: { reply: string; origin?: string }, card: number, page: number, pages: number): Action[] => {
  const to = (title: string, p: number): Action => ({ type: 'Action.Submit', title, data: { ignition: 'page', ...at, card, page: p } satisfies SubmitData });
  return [...(page > 0 ? [to('◀ Previous', page - 1)] : []), ...(page < pages - 1 ? [to('Next ▶', page + 1)] : [])];
};

function build(card: Card, rows: readonly Row[], notes: readonly string[], pager: Action[]): Record<string, unknown> {
  const links = (card.links ?? []).map((l) => `[${markdown(l.label, 200)}](${l.url})`).join(' · ');
  const footer = [card.footer, ...notes].filter(Boolean).join(' · ');
  const body: Element[] = [
    textBlock(markdown(card.title, 300), { size: 'Large', weight: 'Bolder', color: colorOf(card.tone) }),
    ...(card.text ? [textBlock(markdown(card.text))] : []),
    ...(card.fields?.length ? [factSet(card.fields)] : []),
    ...rows.map(rowContainer),
    ...(card.form ? formElements(card.form) : []),
    ...(links ? [textBlock(links)] : []),
    ...(footer ? [textBlock(markdown(footer, 500), { isSubtle: true, size: 'Small' })] : []),
  ];
  const all = [...(card.form ? [submitAction(card.form)] : []), ...actions(card.buttons ?? []), ...pager];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(all.length ? { actions: all } : {}),
    msteams: { width: 'Full' },
  };
}

export const cardBytes = (json: unknown): number => Buffer.byteLength(JSON.stringify(json), 'utf8');

/** One neutral card as an Adaptive Card 1.5, its rows cut to the requested page. */
export function adaptiveCard(card: Card, index = 0, ctx: TeamsRenderContext = {}): Record<string, unknown> {
  const rows = card.rows ?? [];
  const wanted = ctx.page?.card === index ? ctx.page.page : 0;
  let built: Record<string, unknown> = build(card, [], [], []);
  for (const size of rowsPerPage) {
    const pages = Math.max(1, Math.ceil(rows.length / size));
    const page = Math.min(Math.max(0, wanted), pages - 1);
    const slice = rows.slice(page * size, page * size + size);
    const paged = pages > 1;
    const at = ctx.replyId ? { reply: ctx.replyId, ...(ctx.origin ? { origin: ctx.origin } : {}) } : null;
    const notes = !paged ? [] : at ? [`Page ${page + 1} of ${pages} · ${rows.length} in all`] : [`Showing ${slice.length} of ${rows.length}`];
    built = build(card, slice, notes, paged && at ? pageActions(at, index, page, pages) : []);
    if (cardBytes(built) <= maxCardBytes) return built;
  }
  return built;
}
