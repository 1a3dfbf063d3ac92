import { distance } from 'fastest-levenshtein';
import { companyNumberKey, normaliseName, vatKey, type Client } from '../practice/client.js';
import type { ClientId } from '../shared/ids.js';
import { matchKey } from './matching.js';

/**
 * Whether an app's record is already one of our clients. A *duplicate* is the help article's rule, an
 * exact name or an exact email: the import offers Link instead of Convert, and a bulk import links it.
 * A *possible match* is a hint for a person, never acted on without their click: the same name once
 * "Ltd"/"Limited", "&"/"and", case and punctuation are set aside; the same VAT or company number; or
 * the same email domain with a similar name. "Not the same" removes a client from a record's hints.
 */
export type MatchReason =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'email'; readonly text: string }
  | { readonly kind: 'normalised-name'; readonly text: string }
  | { readonly kind: 'vat-number'; readonly text: string }
  | { readonly kind: 'company-number'; readonly text: string }
  | { readonly kind: 'email-domain'; readonly text: string };

export type Candidate = { readonly client: Client; readonly reasons: readonly MatchReason[] };

/** What a record matches here: duplicates first (exact), then possible matches (hints), each at most once. */
export type RecordMatches = { readonly duplicates: readonly Candidate[]; readonly possible: readonly Candidate[] };

/** What an app says about a client that matching reads. */
export type MatchableRecord = { readonly externalId: string; readonly name: string; readonly email?: string; readonly vatNumber?: string; readonly companyNumber?: string };

/**
 * Addresses anyone can have: sharing one of these says nothing about being the same business.
 * (A firm's own clients on gmail.com are many different people.)
 */
const publicMailDomains = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'live.co.uk', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'btinternet.com', 'sky.com',
  'virginmedia.com', 'talktalk.net', 'protonmail.com', 'proton.me', 'mail.com', 'gmx.com', 'zoho.com',
]);

const emailKey = (email: string | undefined): string | null => {
  const e = email?.trim().toLowerCase();
  return e && /^[^\s@]+@[^\s@]+$/.test(e) ? e : null;
};

const domainOf = (email: string | undefined): string | null => {
  const e = emailKey(email);
  const domain = e?.slice(e.indexOf('@') + 1) ?? null;
  return domain && !publicMailDomains.has(domain) ? domain : null;
};

/** Words that say what kind of company it is, not which one: left out when names are compared for likeness. */
const companyWords = new Set(['ltd', 'llp', 'plc', 'llc', 'inc', 'co', 'company', 'and', 'the', 'group', 'holdings', 'uk', 'services']);

const distinctive = (name: string): string => matchKey(name).split(' ').filter((w) => !companyWords.has(w)).join(' ');

/**
 * Names alike enough that, at one email domain, they are worth a person's look: an edit distance of at
 * most a quarter of the longer name's distinctive part ("Hartley Joinery" and "Hartley Joiners"), or
 * one name's distinctive words starting the other's ("Hartley" and "Hartley Joinery").
 */
export const similarNames = (a: string, b: string): boolean => {
  const x = distinctive(a);
  const y = distinctive(b);
  if (!x || !y) return false;
  if (x === y || `${y} `.startsWith(`${x} `) || `${x} `.startsWith(`${y} `)) return true;
  return distance(x, y) <= Math.floor(Math.max(x.length, y.length) / 4);
};

/**
 * Our clients, indexed once by every key matching reads, so matching thousands of records is one pass.
 * `add` takes in a client made since (a bulk import's earlier conversions), so later records match it too.
 */
export type ClientIndex = {
  readonly byName: ReadonlyMap<string, readonly Client[]>;
  readonly byEmail: ReadonlyMap<string, readonly Client[]>;
  readonly byMatchKey: ReadonlyMap<string, readonly Client[]>;
  readonly byVat: ReadonlyMap<string, readonly Client[]>;
  readonly byCompanyNumber: ReadonlyMap<string, readonly Client[]>;
  readonly byDomain: ReadonlyMap<string, readonly Client[]>;
  add(client: Client): void;
};

const push = (m: Map<string, Client[]>, key: string | null | undefined, c: Client) => {
  if (!key) return;
  const list = m.get(key);
  if (list) { if (!list.includes(c)) list.push(c); } else m.set(key, [c]);
};

/** `clients`: those a record may still be matched to (a client already linked to another of the app's records is not). */
export function indexClients(clients: Iterable<Client>): ClientIndex {
  const byName = new Map<string, Client[]>(), byEmail = new Map<string, Client[]>(), byMatchKey = new Map<string, Client[]>();
  const byVat = new Map<string, Client[]>(), byCompanyNumber = new Map<string, Client[]>(), byDomain = new Map<string, Client[]>();
  const add = (c: Client) => {
    push(byName, normaliseName(c.name), c);
    push(byEmail, emailKey(c.email), c);
    push(byMatchKey, matchKey(c.name), c);
    if (c.tradeName) push(byMatchKey, matchKey(c.tradeName), c);
    push(byVat, c.vatNumber && vatKey(c.vatNumber), c);
    push(byCompanyNumber, c.companyNumber && companyNumberKey(c.companyNumber), c);
    push(byDomain, domainOf(c.email), c);
  };
  for (const c of clients) add(c);
  return { byName, byEmail, byMatchKey, byVat, byCompanyNumber, byDomain, add };
}

/**
 * What one record matches among the indexed clients. `rejected`: the clients a person said this record
 * is not; they are left out of the possible matches (an exact duplicate still shows, since the import
 * would otherwise make a second client of one name or email).
 */
export function matchRecord(record: MatchableRecord, index: ClientIndex, rejected: ReadonlySet<ClientId> = new Set()): RecordMatches {
  const found = new Map<ClientId, { client: Client; reasons: MatchReason[]; duplicate: boolean }>();
  const add = (clients: readonly Client[] | undefined, reason: MatchReason, duplicate: boolean, when: (c: Client) => boolean = () => true) => {
    for (const c of clients ?? []) {
      if (!when(c)) continue;
      const f = found.get(c.id) ?? { client: c, reasons: [], duplicate: false };
      if (!f.reasons.some((r) => r.kind === reason.kind)) f.reasons.push(reason);
      f.duplicate ||= duplicate;
      found.set(c.id, f);
    }
  };
  const email = emailKey(record.email);
  const vat = record.vatNumber ? vatKey(record.vatNumber) : null;
  const company = record.companyNumber ? companyNumberKey(record.companyNumber) : null;
  const domain = domainOf(record.email);
  add(index.byName.get(normaliseName(record.name)), { kind: 'name', text: 'the same name' }, true);
  if (email) add(index.byEmail.get(email), { kind: 'email', text: `the same email, ${email}` }, true);
  const sameName = (c: Client) => normaliseName(c.name) === normaliseName(record.name);
  add(index.byMatchKey.get(matchKey(record.name)), { kind: 'normalised-name', text: 'the same name once "Ltd"/"Limited", "&"/"and", case and punctuation are set aside' }, false, (c) => !sameName(c));
  if (vat) add(index.byVat.get(vat), { kind: 'vat-number', text: `the same VAT number, ${vat}` }, false);
  if (company) add(index.byCompanyNumber.get(company), { kind: 'company-number', text: `the same company number, ${company}` }, false);
  if (domain) add(index.byDomain.get(domain), { kind: 'email-domain', text: `an email at ${domain} and a similar name` }, false, (c) => !sameName(c) && similarNames(c.name, record.name));

  const byStrength = (a: Candidate, b: Candidate) => b.reasons.length - a.reasons.length || a.client.name.localeCompare(b.client.name);
  const all = [...found.values()];
  return {
    duplicates: all.filter((f) => f.duplicate).map(({ client, reasons }) => ({ client, reasons })).sort(byStrength),
    possible: all.filter((f) => !f.duplicate && !rejected.has(f.client.id)).map(({ client, reasons }) => ({ client, reasons })).sort(byStrength),
  };
}

/**
 * Whether a duplicate has the record's very name. Names are unique here, so such a record can only be
 * linked; one that shares only an email (a bookkeeping bureau's address on several businesses) may
 * still be imported as a client of its own.
 */
export const hasSameName = (c: Candidate): boolean => c.reasons.some((r) => r.kind === 'name');

/** "the same name and the same VAT number, GB123456789": a match's reasons as a card's sentence. */
export const reasonsText = (reasons: readonly MatchReason[]): string => {
  const texts = reasons.map((r) => r.text);
  return texts.length <= 1 ? (texts[0] ?? '') : `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
};
