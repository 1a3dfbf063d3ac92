/**
 * The outbox's 'client' writer for XPM: a two-way change made here, written to the XPM client it is
 * linked to by read-modify-write (XpmApi.updateClient), so nothing we do not own is blanked. XPM has
 * no idempotency key; the look-up reads the client first and counts the write as made when XPM
 * already shows every value, so a write whose answer was lost is not sent again. Contacts the write
 * carries are reconciled with the client's contacts in XPM by contact-writes.ts.
 * A lead made here has no XPM client: it is created on acceptance, never by this writer.
 */
import type { AccessToken } from '../../domain/apps/ports.js';
import type { Address, StaffMember } from '../../domain/practice/client.js';
import { knownStaff } from '../../domain/apps/directory.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { sameValue } from '../../domain/sync/values.js';
import type { AppWriter } from '../../src/apps/app.js';
import type { ClientWritePayload } from '../../src/apps/owed-writes.js';
import type { XpmApi, XpmClientChanges } from './client.js';
import { contactsShown, writeContacts } from './contact-writes.js';
import { defined, toSyncedRecord } from './mapping.js';

/** The fields XPM's client update takes; contacts have their own calls (contact-writes.ts). */
const writable = ['name', 'phone', 'fax', 'streetAddress', 'postalAddress', 'partner', 'manager'] as const;

/** A staff member we can set in XPM: only one known there by its UUID; null clears it; a name alone leaves XPM's as it is. */
const staffUuid = (v: unknown, linked?: ReadonlySet<string>): string | null | undefined =>
  v === null || v === undefined ? null : (linked ? knownStaff(v as StaffMember, linked) : (v as StaffMember))?.externalId ?? undefined;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The payload's values as XPM's update takes them; a field the payload does not carry stays undefined (unchanged).
 * With `linkedStaff`, a partner or manager is written only when that staff member is a user here.
 */
export const xpmChanges = (values: ClientWritePayload['values'], linkedStaff?: ReadonlySet<string>): XpmClientChanges => {
  const has = (f: string) => Object.hasOwn(values, f);
  return defined({
    name: has('name') && values.name ? String(values.name) : undefined,
    phone: has('phone') ? text(values.phone) : undefined,
    fax: has('fax') ? text(values.fax) : undefined,
    streetAddress: has('streetAddress') ? ((values.streetAddress as Address | null) ?? null) : undefined,
    postalAddress: has('postalAddress') ? ((values.postalAddress as Address | null) ?? null) : undefined,
    partnerUuid: has('partner') ? staffUuid(values.partner, linkedStaff) : undefined,
    managerUuid: has('manager') ? staffUuid(values.manager, linkedStaff) : undefined,
  });
};

const payloadOf = (values: unknown): ClientWritePayload => values as ClientWritePayload;

/** `linkedStaff`: the staff ids linked to users in a practice (partner and manager are written only for them). */
export const xpmClientWriter = (api: (tenantId: string, token: AccessToken) => XpmApi, linkedStaff?: (practiceId: PracticeId) => Promise<ReadonlySet<string>>): AppWriter => ({
  async lookup(entry, token, connection) {
    const p = payloadOf(entry.payload);
    if (!p.externalId) return null;
    const fresh = await api(connection.externalId, token).client(p.externalId);
    const now = toSyncedRecord(fresh, new Date(0)) as Readonly<Record<string, unknown>>;
    const shown = writable.filter((f) => Object.hasOwn(p.values, f)).every((f) => sameValue(now[f], p.values[f]))
      && (!Object.hasOwn(p.values, 'contacts') || contactsShown(p.values.contacts, fresh.contacts));
    return shown ? p.externalId : null;
  },
  async create(entry, token, connection) {
    const p = payloadOf(entry.payload);
    if (!p.externalId) throw new Error(`${p.name} has no Xero Practice Manager client: a lead is created there when it accepts a proposal`);
    const xpm = api(connection.externalId, token);
    const changes = xpmChanges(p.values, await linkedStaff?.(connection.practiceId));
    // Only contacts owed: the client itself is not read and written back for nothing.
    if (Object.keys(changes).length) await xpm.updateClient(p.externalId, changes);
    if (Object.hasOwn(p.values, 'contacts')) await writeContacts(xpm, p.externalId, p.values.contacts);
    return p.externalId;
  },
});
