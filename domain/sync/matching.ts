import { normaliseName, type Client } from '../practice/client.js';

/** Words that mean the same in a company's name, mapped to one spelling. */
const sameWords: Readonly<Record<string, string>> = { limited: 'ltd' };

/**
 * A name as matching reads it: case, punctuation and spacing don't count, "&" is "and", and "Limited"
 * is "Ltd". So "ACME & Sons Limited." and "Acme and Sons Ltd" are one name.
 */
export const matchKey = (name: string): string =>
  name.toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ')
    .filter(Boolean).map((w) => sameWords[w] ?? w).join(' ');

/** What an app knows a client by. */
export type AppRecord = { readonly name: string; readonly email?: string };

/** How a client was matched, strongest first. */
export type MatchRule = 'name' | 'email' | 'normalised name';
export type AppRecordMatch = { readonly by: MatchRule; readonly clients: readonly Client[] };

const sameEmail = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The clients an app's record may be, by the strongest rule that finds any: the exact name (as names
 * are stored: case, spacing and a trailing full stop aside), then the exact email, then the normalised
 * name. More than one client under a rule is for a person to choose; null when no rule finds one.
 */
export function matchAppRecord(record: AppRecord, clients: readonly Client[]): AppRecordMatch | null {
  const rules: readonly [MatchRule, (c: Client) => boolean][] = [
    ['name', (c) => normaliseName(c.name) === normaliseName(record.name)],
    ['email', (c) => sameEmail(c.email, record.email)],
    ['normalised name', (c) => matchKey(c.name) === matchKey(record.name) || (!!c.tradeName && matchKey(c.tradeName) === matchKey(record.name))],
  ];
  for (const [by, test] of rules) {
    const found = clients.filter(test);
    if (found.length) return { by, clients: found };
  }
  return null;
}

/** How a typed query relates to a client: the same name, trade name or email (exact), or a part of one (near). */
export type QueryMatch = { readonly exact: boolean; readonly by: 'name' | 'trade name' | 'email'; readonly why: string };

export function matchQuery(client: Client, query: string): QueryMatch | null {
  const key = matchKey(query);
  if (!key) return null;
  const trade = client.tradeName ? `trade name ${client.tradeName}` : '';
  if (matchKey(client.name) === key) return { exact: true, by: 'name', why: 'name' };
  if (client.tradeName && matchKey(client.tradeName) === key) return { exact: true, by: 'trade name', why: trade };
  if (sameEmail(client.email, query)) return { exact: true, by: 'email', why: `email ${client.email ?? ''}` };
  if (matchKey(client.name).includes(key)) return { exact: false, by: 'name', why: 'name' };
  if (client.tradeName && matchKey(client.tradeName).includes(key)) return { exact: false, by: 'trade name', why: trade };
  if (client.email?.toLowerCase().includes(query.trim().toLowerCase())) return { exact: false, by: 'email', why: `email ${client.email}` };
  return null;
}
