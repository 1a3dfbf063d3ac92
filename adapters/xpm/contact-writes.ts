/**
 * Contacts changed here, written to the XPM client they belong to. A 'client' write whose values
 * carry `contacts` is reconciled against the client's contacts read fresh from XPM: ours are matched to
 * XPM's by name (as people read names), else by email; a matched contact that differs is updated
 * (PUT client.api/contact/{uuid}), one only here is added (POST client.api/contact). Our contacts
 * keep no XPM UUID (ContactDetails is shared by every app), hence the match; a renamed contact keeps
 * its email, so it is still found.
 *
 * A contact XPM has and we do not is never deleted there. Since 2023 an XPM contact may belong to
 * several clients, so a delete would take the person from clients we never synced; XPM keeps notes
 * and job history on contacts, and a delete cannot be undone; and the help article syncs a contact's
 * details (name, emails, phone and mobile, salutation), not whether XPM keeps the person at all.
 */
import { normaliseName, type ContactDetails } from '../../domain/practice/client.js';
import { sameValue } from '../../domain/sync/values.js';
import { contactDetailsOf, type XpmContact } from './contacts.js';
import type { XpmApi } from './client.js';

export type ContactWrites = {
  /** Matched contacts whose synced fields differ: `fresh` as XPM has it, `ours` what it must show. */
  readonly updates: readonly { readonly fresh: XpmContact; readonly ours: ContactDetails }[];
  readonly adds: readonly { readonly contact: ContactDetails; readonly primary: boolean }[];
};

const detailsKeys = ['name', 'salutation', 'email', 'phone', 'mobile'] as const;

/** A payload's `contacts` as our contacts: stored empty as null, and anything without a name is no contact. */
export const contactsOf = (value: unknown): ContactDetails[] => {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v): ContactDetails[] => {
    if (typeof v !== 'object' || v === null) return [];
    const o = v as Record<string, unknown>;
    if (typeof o.name !== 'string' || !o.name.trim()) return [];
    return [Object.fromEntries(detailsKeys.flatMap((k) => (typeof o[k] === 'string' && o[k] ? [[k, o[k]]] : []))) as ContactDetails];
  });
};

const email = (c: { readonly email?: string }) => c.email?.trim().toLowerCase() || undefined;

/**
 * Pairs each of ours with at most one of XPM's, by name first (so a name match is never taken by an
 * earlier email match), then by email among those left. The unpaired ones of ours are new.
 */
const pair = <T extends ContactDetails>(ours: readonly ContactDetails[], theirs: readonly T[]): (T | undefined)[] => {
  const taken = new Set<T>();
  const claim = (found: T | undefined) => { if (found) taken.add(found); return found; };
  const byName = ours.map((c) => claim(theirs.find((t) => !taken.has(t) && normaliseName(t.name) === normaliseName(c.name))));
  return byName.map((m, i) => m ?? (email(ours[i]!) ? claim(theirs.find((t) => !taken.has(t) && email(t) === email(ours[i]!))) : undefined));
};

/** What writing `ours` to a client holding `theirs` takes; nothing when XPM already shows every contact. */
export const planContactWrites = (ours: readonly ContactDetails[], theirs: readonly XpmContact[]): ContactWrites => {
  const candidates = theirs.map((t) => ({ ...contactDetailsOf(t), fresh: t }));
  const pairs = pair(ours, candidates);
  const updates = pairs.flatMap((m, i) => (m && !sameValue(contactDetailsOf(m.fresh), ours[i]) ? [{ fresh: m.fresh, ours: ours[i]! }] : []));
  // Our first contact is our primary one (the sync reads XPM's primary first); it becomes XPM's only when XPM has none.
  let primaryFree = !theirs.some((t) => t.primary);
  const adds = pairs.flatMap((m, i) => {
    if (m) return [];
    const primary = primaryFree && i === 0;
    if (primary) primaryFree = false;
    return [{ contact: ours[i]!, primary }];
  });
  return { updates, adds };
};

/** Whether XPM's contacts already show every one of ours (XPM may hold more: we never delete there). The outbox look-up asks this. */
export const contactsShown = (value: unknown, theirs: readonly ContactDetails[]): boolean => {
  const ours = contactsOf(value);
  const pairs = pair(ours, theirs);
  return pairs.every((m, i) => m !== undefined && sameValue(m, ours[i]));
};

/** Writes a 'client' write's contacts to the XPM client: a fresh read, then an update per changed contact and an add per new one. */
export async function writeContacts(xpm: XpmApi, clientUuid: string, value: unknown): Promise<void> {
  const ours = contactsOf(value);
  if (!ours.length) return;
  const plan = planContactWrites(ours, await xpm.clientContacts(clientUuid));
  for (const u of plan.updates) await xpm.updateContact(clientUuid, u.fresh, u.ours);
  for (const a of plan.adds) await xpm.addContact(clientUuid, a.contact, a.primary);
}
