import type { z } from 'zod';

/** A field Gusto sent that we could not read: the record is kept without it. Names the value's type, never the value. */
export type OddField = { readonly record: string; readonly field: string; readonly got: string };

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Reads a record field by field against `fields`: a value that does not fit its schema is left out
 * and reported, so one surprise costs only that field, never the record or the company it belongs to.
 */
export function readFields<F extends Record<string, z.ZodType>>(
  fields: F, raw: Readonly<Record<string, unknown>>, record: string, odd: OddField[],
): { [K in keyof F]?: z.infer<F[K]> } {
  const value: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(fields)) {
    const parsed = schema.safeParse(raw[field]);
    if (!parsed.success) odd.push({ record, field, got: typeOf(raw[field]) });
    else if (parsed.data !== undefined) value[field] = parsed.data;
  }
  return value as { [K in keyof F]?: z.infer<F[K]> };
}

/** One line for the log: "location 1f2e….zip (got number), location 1f2e….street_1 (got array)". */
export const describeOddFields = (odd: readonly OddField[]): string =>
  odd.map((o) => `${o.record}.${o.field} (got ${o.got})`).join(', ');
