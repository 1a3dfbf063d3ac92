/** Reading a JSON request body field by field (never assigned wholesale to a record). */
export type Body = Record<string, unknown>;

export const object = (v: unknown): Body | null => (v && typeof v === 'object' && !Array.isArray(v) ? v as Body : null);

/** A non-blank string, trimmed; anything else is absent. */
export const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
