/**
 * The app's own words from an error body, in each shape our apps use:
 * - OAuth 2 (RFC 6749 §5.2): `{ error, error_description }`;
 * - Gusto: `{ errors: [{ error_key, category, message, errors? }] }`, nested for `nested_errors`;
 * - Sage: `[{ $severity, $dataCode, $message, $source }]`;
 * - XPM: `<Response><Status>ERROR</Status><ErrorDescription>…`;
 * - Xero's gateway (401/403 before XPM): `{ Title, Detail, Status }`;
 * - anything with a `message`, or a short plain-text body.
 */
export type FieldError = { readonly field?: string; readonly message: string };

export type ErrorWords = {
  readonly reason?: string;
  readonly fields: readonly FieldError[];
  /** The OAuth `error` code (invalid_grant, invalid_client, …) when the body is an OAuth error. */
  readonly oauthError?: string;
};

type Record_ = Record<string, unknown>;
const isRecord = (v: unknown): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const joined = (fields: readonly FieldError[]) => fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ');

const gustoFields = (errors: unknown[], prefix?: string): FieldError[] => errors.filter(isRecord).flatMap((e) => {
  const key = text(e.error_key);
  const field = prefix && key ? `${prefix}.${key}` : key ?? prefix;
  if (Array.isArray(e.errors)) return gustoFields(e.errors, field);
  const message = text(e.message) ?? text(e.category);
  return message ? [{ ...(field ? { field } : {}), message }] : [];
});

const sageFields = (items: unknown[]): FieldError[] => items.filter(isRecord).flatMap((e) => {
  const message = text(e.$message) ?? text(e.$dataCode);
  const field = text(e.$source);
  return message ? [{ ...(field ? { field } : {}), message }] : [];
});

const fromFields = (fields: FieldError[]): ErrorWords => ({ ...(fields.length ? { reason: joined(fields) } : {}), fields });

const fromRecord = (b: Record_): ErrorWords => {
  const oauthError = text(b.error);
  if (oauthError) return { reason: text(b.error_description) ?? oauthError, fields: [], oauthError };
  if (Array.isArray(b.errors)) return fromFields(gustoFields(b.errors));
  const response = isRecord(b.Response) ? b.Response : undefined;
  const described = text(response?.ErrorDescription);
  if (described) return { reason: described, fields: [] };
  const title = text(b.Title);
  if (title) return { reason: text(b.Detail) ? `${title}: ${text(b.Detail)}` : title, fields: [] };
  const message = text(b.message) ?? text(b.Message) ?? (isRecord(b.error) ? text(b.error.message) : undefined);
  return message ? { reason: message, fields: [] } : { fields: [] };
};

export function errorWords(body: unknown): ErrorWords {
  if (Array.isArray(body)) return fromFields(sageFields(body));
  if (isRecord(body)) return fromRecord(body);
  const plain = text(body);
  // A page of HTML is kept on the error as the body, but it is not a reason a person can read.
  return plain && plain.length <= 300 && !plain.startsWith('<') ? { reason: plain, fields: [] } : { fields: [] };
}
