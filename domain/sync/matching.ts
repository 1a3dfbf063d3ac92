import type { Client } from '../practice/client.js';

/** Words that mean the same in a company's name, mapped to one spelling. */
const sameWords: Readonly<Record<string, string>> = { limited: 'ltd' };

/**
 * A name as matching reads it: case, punctuation and spacing don't count, "&" is "and", and "Limited"
 * is "Ltd". So "ACME & Sons Limited." and "Acme and Sons Ltd" are one name.
 */
export const matchKey = (name: string): string =>
  name.toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ')
    .filter(Boolean).map((w) => sameWords[w] ?? w).join(' ');

const sameEmail = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

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
