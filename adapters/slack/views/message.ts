import type { types } from '@slack/bolt';
import type { Card, Field, Row, Tone } from '../../../src/cards.js';
import { ActionId, numbered } from '../ids.js';
import { actionsBlocks, counter, slackButton, type Counter } from './buttons.js';
import { blockProblems, Limits, textLength } from './limits.js';
import { encodePageRef, pageControls, paginate } from './pages.js';
import { chunk, escapeMrkdwn, mrkdwn, plain, truncate } from './text.js';

type Block = types.KnownBlock;

export type RenderContext = {
  /** The command line that produced the cards, offered as "Run again" once a cached reply has expired. */
  readonly origin?: string;
  /** Where the reply is cached (adapters/reply-cache.ts): Next/Previous and "Open form" need it. */
  readonly replyId?: string;
  /** Which page of which card's rows to show (default: the first page of every card). */
  readonly page?: { readonly card: number; readonly page: number };
};

export type SlackMessage = { readonly text: string; readonly blocks: Block[] };

const toneMark: Record<Tone, string> = { info: '', success: ':white_check_mark: ', warning: ':warning: ', error: ':x: ' };
/*
 * Caps that keep one card's fixed parts near 8.5k characters, leaving room for at least one row under
 * Slack's aggregate limit: prose, 10 fields, 10 buttons, links while they fit.
 */
const maxCardText = Limits.sectionText;
const maxFields = Limits.sectionFields;
const maxButtons = 10;
const maxLinkChars = 1500;
const rowFieldCount = 6;

const fieldText = (f: Field, max: number) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, max);

const fieldSection = (fields: readonly Field[]): types.SectionBlock[] => {
  const shown = fields.slice(0, maxFields);
  const each = Math.max(80, Math.floor(2000 / Math.max(1, shown.length)));
  return shown.length ? [{ type: 'section', fields: shown.map((f) => fieldText({ label: truncate(f.label, 100), value: truncate(f.value, each) }, Limits.fieldText)) }] : [];
};

/** One list row: a section (with its only button beside it) plus an actions block when it has more. */
export function rowBlocks(row: Row, ids: Counter, maxText = 1500): Block[] {
  const body = `*${escapeMrkdwn(truncate(row.title, 200))}*${row.text ? `\n${escapeMrkdwn(truncate(row.text, maxText))}` : ''}`;
  const section: types.SectionBlock = { type: 'section', text: mrkdwn(body, Limits.sectionText) };
  const fields = (row.fields ?? []).slice(0, rowFieldCount);
  if (fields.length) section.fields = fields.map((f) => fieldText({ label: truncate(f.label, 40), value: truncate(f.value, 150) }, Limits.fieldText));
  const buttons = (row.buttons ?? []).slice(0, 5);
  if (buttons.length === 1) {
    const accessory = slackButton(buttons[0]!, ids);
    if (accessory) section.accessory = accessory;
    return [section];
  }
  return [section, ...actionsBlocks(buttons, ids)];
}

const formBlocks = (card: Card, index: number, ctx: RenderContext, ids: Counter): Block[] => {
  const form = card.form!;
  const labels = form.inputs.map((i) => i.label).join(', ');
  const intro: Block = { type: 'section', text: mrkdwn(`*${escapeMrkdwn(form.title)}*\nIt asks for: ${escapeMrkdwn(labels)}.`, Limits.sectionText) };
  if (ctx.replyId) {
    const value = encodePageRef({ reply: ctx.replyId, card: index, page: 0, ...(ctx.origin ? { origin: ctx.origin } : {}) });
    const open: types.Button = { type: 'button', text: plain(form.submitLabel || 'Open form', Limits.buttonText), style: 'primary', action_id: numbered(ActionId.openForm, ids.next()), value };
    return [intro, { type: 'actions', elements: [open] }];
  }
  const typed = form.inputs.map((i) => `${i.id}=…`).join(' ');
  return [intro, { type: 'context', elements: [mrkdwn(`Or type \`/ignition ${escapeMrkdwn(form.submit)} ${typed}\``, Limits.sectionText)] }];
};

const linkBlock = (card: Card): Block[] => {
  let room = maxLinkChars;
  const links = (card.links ?? []).filter((l) => !/[|<>\s]/.test(l.url) && (room -= l.url.length + 110) >= 0);
  if (!links.length) return [];
  return [{ type: 'section', text: mrkdwn(links.map((l) => `<${l.url}|${escapeMrkdwn(truncate(l.label, 200))}>`).join('  ·  '), Limits.sectionText) }];
};

const footerBlock = (notes: readonly string[]): Block[] =>
  notes.length ? [{ type: 'context', elements: [mrkdwn(escapeMrkdwn(truncate(notes.join('  ·  '), 300)), Limits.sectionText)] }] : [];

/** The blocks of one card, with its rows cut to the requested page so the whole fits one message. */
export function cardBlocks(card: Card, index: number, ctx: RenderContext, ids: Counter = counter()): Block[] {
  const head: Block[] = [{ type: 'header', text: plain(`${toneMark[card.tone ?? 'info']}${card.title}`, Limits.headerText) }];
  for (const piece of chunk(escapeMrkdwn(truncate(card.text ?? '', maxCardText)), Limits.sectionText)) {
    head.push({ type: 'section', text: mrkdwn(piece, Limits.sectionText) });
  }
  head.push(...fieldSection(card.fields ?? []));
  const tail: Block[] = [...(card.form ? formBlocks(card, index, ctx, ids) : []), ...actionsBlocks((card.buttons ?? []).slice(0, maxButtons), ids), ...linkBlock(card)];
  const reserved = 3; // footer, page controls, and a divider when cards share a message
  const budget = {
    blocks: Limits.messageBlocks - head.length - tail.length - reserved,
    chars: Limits.messageTextBudget - textLength([...head, ...tail]) - 600,
  };
  const wanted = ctx.page?.card === index ? ctx.page.page : 0;
  // One row must always fit a page on its own: its prose gets whatever the rest of the card leaves.
  const rowText = Math.max(100, Math.min(1500, budget.chars - 1700));
  const paged = paginate((card.rows ?? []).map((r) => rowBlocks(r, ids, rowText)), budget, wanted);
  const pageNote = !ctx.replyId && paged.pages > 1 ? [`Showing ${paged.shown} of ${card.rows!.length}`] : paged.notes;
  const notes = [...(card.footer ? [card.footer] : []), ...pageNote];
  const at = ctx.replyId ? { reply: ctx.replyId, ...(ctx.origin ? { origin: ctx.origin } : {}) } : null;
  const controls = paged.pages > 1 && at ? pageControls(at, index, paged.page, paged.pages, ids) : [];
  return [...head, ...paged.blocks, ...tail, ...footerBlock(notes), ...controls];
}

const shortenedNote = 'Shortened to fit in Slack, which limits how long a message may be';

/** The card with every piece of prose cut to `share` of its length. */
const shortened = (c: Card, share: number): Card => {
  const cut = (text: string) => truncate(text, Math.max(1, Math.floor(Array.from(text).length * share)));
  const fields = (fs: readonly Field[] | undefined) => fs?.map((f) => ({ label: cut(f.label), value: cut(f.value) }));
  return {
    ...c,
    ...(c.text ? { text: cut(c.text) } : {}),
    ...(c.fields ? { fields: fields(c.fields)! } : {}),
    ...(c.rows ? { rows: c.rows.map((r) => ({ ...r, ...(r.text ? { text: cut(r.text) } : {}), ...(r.fields ? { fields: fields(r.fields)! } : {}) })) } : {}),
    footer: c.footer ? `${c.footer} · ${shortenedNote}` : shortenedNote,
  };
};

/**
 * A card's blocks, checked against every Block Kit limit before they go out: Slack refuses the whole
 * message for one broken limit. The budgets in cardBlocks can't see everything (escaping turns one
 * "&" into five characters), so while the finished blocks break a limit the card's prose is halved,
 * and as a last resort only its title and buttons are sent.
 */
function fittedCardBlocks(card: Card, index: number, ctx: RenderContext, ids: Counter = counter()): Block[] {
  let blocks = cardBlocks(card, index, ctx, ids);
  for (let share = 0.5; blockProblems(blocks).length > 0; share /= 2) {
    const smaller = share >= 1 / 64 ? shortened(card, share)
      : { title: card.title, text: 'This is too long to show in Slack.', footer: shortenedNote, ...(card.tone ? { tone: card.tone } : {}), ...(card.buttons ? { buttons: card.buttons } : {}) };
    blocks = cardBlocks(smaller, index, ctx, ids);
    if (share < 1 / 64) break;
  }
  return blocks;
}

const fallbackText = (card: Card): string =>
  truncate(escapeMrkdwn(card.text ? `${card.title}: ${card.text}` : card.title), Limits.sectionText);

/** Cards as Slack messages: as many cards per message as fit, each message within Block Kit's limits. */
export function renderCards(cards: readonly Card[], ctx: RenderContext = {}): SlackMessage[] {
  const messages: { text: string; blocks: Block[] }[] = [];
  const ids = counter();
  cards.forEach((card, index) => {
    const blocks = fittedCardBlocks(card, index, ctx, ids);
    const last = messages[messages.length - 1];
    const fits = last && last.blocks.length + blocks.length + 1 <= Limits.messageBlocks &&
      textLength(last.blocks) + textLength(blocks) <= Limits.messageTextBudget;
    if (last && fits) last.blocks.push({ type: 'divider' }, ...blocks);
    else messages.push({ text: fallbackText(card), blocks });
  });
  return messages;
}
