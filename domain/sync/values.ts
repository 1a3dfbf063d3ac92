/** The values a synced field holds, keyed by the client field's name. */
export type FieldValues = Readonly<Record<string, unknown>>;

/**
 * A value's canonical text, so two sides compare by meaning rather than by shape: empty strings,
 * nulls, absent keys and empty lists are all "nothing"; object keys are compared in sorted order; and
 * list order does not count (apps return contacts and groups in whatever order they keep them).
 */
const canonical = (v: unknown): string => {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) {
    const items = v.map(canonical).filter((x) => x !== '').sort();
    return items.length ? `[${items.join(',')}]` : '';
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, canonical(x)] as const)
      .filter(([, x]) => x !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length ? `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${x}`).join(',')}}` : '';
  }
  return v === null || v === undefined || v === '' ? '' : JSON.stringify(v);
};

/** Structural equality for the plain values client fields hold: text, numbers, yes/no, addresses, lists. */
export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** Nothing there: absent, null, an empty string, or a list or object holding nothing. */
export const isEmptyValue = (v: unknown): boolean => canonical(v) === '';

/** Absent and empty values are stored as null, so a baseline tells "agreed on nothing" from "never agreed". */
export const storedValue = (v: unknown): unknown => (isEmptyValue(v) ? null : v);

/** A value's exact text with object keys sorted: unlike sameValue, null and absent differ, and list order counts. */
const exactText = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(exactText).join(',')}]`;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${exactText((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
};

/** Whether storing `b` over `a` would change anything: what decides if a sync writes at all. */
export const identicalValue = (a: unknown, b: unknown): boolean => exactText(a) === exactText(b);

/** One text for values that mean the same (see sameValue): what names a set of changes, whatever order a store kept it in. */
export const meaningText = (v: unknown): string => canonical(v);
