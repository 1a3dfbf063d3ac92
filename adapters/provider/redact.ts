/**
 * Takes credentials out of what a provider sent back before it is kept on an error, logged or
 * shown: values under secret-looking keys, bearer and basic credentials, token query parameters,
 * and any literal secret we know we sent. Nothing is shortened: the rest of the body stays whole.
 */
const hidden = '[redacted]';

/** access_token, refreshToken, client_secret, Authorization, x-api-key, Password, … (but not token_type). */
const isSecretKey = (key: string): boolean => /(token|secret|password|authorization|apikey)$/.test(key.toLowerCase().replace(/[^a-z]/g, ''));

const secretPatterns: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${hidden}`],
  [/\b(access_token|refresh_token|id_token|client_secret|token|code|password)=[^&\s"'<]+/gi, `$1=${hidden}`],
  [/"([A-Za-z_]*(?:token|secret|password))"\s*:\s*"[^"]*"/gi, `"$1":"${hidden}"`],
  [/<([A-Za-z]*(?:Token|Secret|Password))>[^<]*<\/\1>/g, `<$1>${hidden}</$1>`],
];

export function redactText(text: string, known: readonly string[] = []): string {
  let out = text;
  // Short strings would blank out ordinary words; real credentials are long.
  for (const secret of known) if (secret.length >= 8) out = out.split(secret).join(hidden);
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

/** A redacted copy of a decoded body (objects, arrays, strings); the input is not changed. */
export function redactBody(body: unknown, known: readonly string[] = []): unknown {
  if (typeof body === 'string') return redactText(body, known);
  if (Array.isArray(body)) return body.map((item) => redactBody(item, known));
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) =>
    [key, isSecretKey(key) && value !== null && value !== '' ? hidden : redactBody(value, known)]));
}
