/**
 * Sage's list conventions: `page` and `items_per_page` (default 20, at most 200), the `$items`
 * envelope with `$total`, `$page`, `$next`, `$back` (paths relative to the API base, null at the ends)
 * and `$itemsPerPage`, and only base attributes per item unless `attributes=all` or a comma list.
 */
import { invalid, type SageError } from './sage-errors.js';
import type { Payload } from './sage-payloads.js';

export type Query = Record<string, string | undefined>;

const maxPerPage = 200;

/**
 * Sage's spec caps items_per_page at 200; what the live API does above that is not documented. The
 * sandbox refuses it (422) rather than clamping: a client that stays within 200 works either way,
 * while one that relies on clamping would pass here and fail live.
 */
export const readPaging = (q: Query): { page: number; perPage: number } | SageError[] => {
  const whole = (v: string | undefined, fallback: number) => (v === undefined || v === '' ? fallback : /^\d+$/.test(v) ? Number(v) : NaN);
  const perPage = whole(q.items_per_page, 20), page = whole(q.page, 1);
  const errors: SageError[] = [];
  if (!(perPage >= 1 && perPage <= maxPerPage)) errors.push(invalid('items_per_page', `must be between 1 and ${maxPerPage}`));
  if (!(page >= 1)) errors.push(invalid('page', 'must be greater than or equal to 1'));
  return errors.length ? errors : { page, perPage };
};

/** The base attributes, plus what `attributes` asks for: `all`, or a comma list of names. */
export const pickAttributes = (p: Payload, attributes: string | undefined): Record<string, unknown> => {
  const base = { id: p.id, displayed_as: p.displayed_as, $path: p.$path };
  if (!attributes) return base;
  if (attributes.trim() === 'all') return p;
  const asked = attributes.split(',').map((a) => a.trim()).filter((a) => a in p);
  return { ...base, ...Object.fromEntries(asked.map((a) => [a, p[a]])) };
};

const pagePath = (path: string, q: Query, page: number, perPage: number) => {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'page' && e[0] !== 'items_per_page'));
  return `${path}?${new URLSearchParams({ page: String(page), items_per_page: String(perPage) })}${params.size ? `&${params}` : ''}`;
};

/** One page of `rows` in Sage's envelope; `path` is the list's own path ("/contacts"). */
export const listEnvelope = (path: string, q: Query, rows: readonly Payload[], paging: { page: number; perPage: number }) => {
  const { page, perPage } = paging;
  const from = (page - 1) * perPage;
  return {
    $total: rows.length, $page: page,
    $next: from + perPage < rows.length ? pagePath(path, q, page + 1, perPage) : null,
    $back: page > 1 ? pagePath(path, q, page - 1, perPage) : null,
    $itemsPerPage: perPage,
    $items: rows.slice(from, from + perPage).map((p) => pickAttributes(p, q.attributes)),
  };
};

/**
 * `updated_or_created_since` (inclusive, per Sage's spec) or `deleted_since` (exclusive): a date-time
 * with offset (2026-01-07T09:00:00+00:00), Sage's date-with-offset form (2026-01-07T+01:00) or a plain
 * date. `field` names the parameter in the error.
 */
export const readSince = (value: string | undefined, field = 'updated_or_created_since'): number | null | SageError[] => {
  if (!value) return null;
  const dateWithOffset = /^(\d{4}-\d{2}-\d{2})T([+-]\d{2}:\d{2})$/.exec(value);
  const ms = Date.parse(dateWithOffset ? `${dateWithOffset[1]}T00:00:00${dateWithOffset[2]}` : value);
  return Number.isNaN(ms) ? [invalid(field, 'is not a valid date')] : ms;
};

export const isErrors = <T>(v: T | SageError[]): v is SageError[] => Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && '$dataCode' in e);
