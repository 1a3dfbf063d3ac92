import type { types } from '@slack/bolt';
import { ActionId, numbered } from '../ids.js';
import type { Counter } from './buttons.js';
import { Limits, textLength } from './limits.js';
import { plain } from './text.js';

type Block = types.KnownBlock;

/** Rows per page even when Slack would take more: a long scroll in a channel helps nobody. */
const maxRowsPerPage = 15;

/** Which cached reply, card and page a Next/Previous press asks for; the origin allows "Run again". */
export type PageRef = { readonly reply: string; readonly card: number; readonly page: number; readonly origin?: string };

export const encodePageRef = (ref: PageRef): string => {
  const full = JSON.stringify({ r: ref.reply, k: ref.card, p: ref.page, o: ref.origin });
  return full.length <= Limits.buttonValue ? full : JSON.stringify({ r: ref.reply, k: ref.card, p: ref.page });
};

export const decodePageRef = (value: string | undefined): PageRef | null => {
  try {
    const raw = JSON.parse(value ?? '') as { r?: unknown; k?: unknown; p?: unknown; o?: unknown };
    if (typeof raw.r !== 'string' || !Number.isInteger(raw.k) || !Number.isInteger(raw.p)) return null;
    return { reply: raw.r, card: raw.k as number, page: raw.p as number, ...(typeof raw.o === 'string' ? { origin: raw.o } : {}) };
  } catch {
    return null;
  }
};

/**
 * Splits row block groups into pages that fit the block and character budgets, always the same way for
 * the same card, so "Next" on a re-run of the command lands on the rows the person expects.
 */
export function paginate(rows: readonly Block[][], budget: { blocks: number; chars: number }, wanted: number) {
  const pages: Block[][] = [];
  let current: Block[] = [];
  let rowsOnPage = 0;
  let chars = 0;
  const counts: number[] = [];
  for (const row of rows) {
    const rowChars = textLength(row);
    const full = rowsOnPage >= maxRowsPerPage || current.length + row.length > budget.blocks || chars + rowChars > budget.chars;
    if (full && rowsOnPage > 0) {
      pages.push(current);
      counts.push(rowsOnPage);
      current = [];
      rowsOnPage = 0;
      chars = 0;
    }
    current.push(...row);
    chars += rowChars;
    rowsOnPage++;
  }
  if (current.length) {
    pages.push(current);
    counts.push(rowsOnPage);
  }
  const page = Math.min(Math.max(0, wanted), Math.max(0, pages.length - 1));
  const notes = pages.length > 1 ? [`Page ${page + 1} of ${pages.length} · ${rows.length} in all`] : [];
  return { blocks: pages[page] ?? [], page, pages: pages.length, shown: counts[page] ?? 0, notes };
}

/** Previous/Next buttons; their value says which command, card and page to render on a press. */
export function pageControls(at: { reply: string; origin?: string }, card: number, page: number, pages: number, ids: Counter): Block[] {
  const elements: types.Button[] = [];
  const button = (label: string, actionId: string, to: number) => {
    const value = encodePageRef({ ...at, card, page: to });
    elements.push({ type: 'button', text: plain(label, Limits.buttonText), action_id: numbered(actionId, ids.next()), value });
  };
  if (page > 0) button('◀ Previous', ActionId.previousPage, page - 1);
  if (page < pages - 1) button('Next ▶', ActionId.nextPage, page + 1);
  return elements.length ? [{ type: 'actions', elements }] : [];
}
