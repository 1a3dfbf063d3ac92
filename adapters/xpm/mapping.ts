/**
 * XPM's records into our shapes, and our inputs into XPM's request bodies. XPM keeps a street or
 * postal address as one multi-line text (street lines separated by newlines) beside City, Region,
 * PostCode and Country; Yes/No flags are strings. Request bodies are in bodies.ts.
 */
import type { Address, BusinessStructure, Client, ContactDetails, StaffMember } from '../../domain/practice/client.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';
import { knownStaff } from '../../domain/apps/directory.js';
import type { XpmClientRecord, XpmContactRecord, XpmGroupRecord, XpmJobRecord, XpmStaffRecord, XpmTemplateRecord } from './schemas.js';

/**
 * A detailed XPM client in our terms: the client's own fields as XPM holds them (its account manager
 * is the partner, its job manager the manager, GSTRegistered the tax flag), plus what only XPM keeps.
 */
export type XpmClient = Pick<Client, 'name' | 'email' | 'phone' | 'fax' | 'website' | 'streetAddress' | 'postalAddress' | 'partner' | 'manager' | 'taxRegistered' | 'businessStructure'> & {
  readonly uuid: string;
  /** Live contacts only, the primary one first. */
  readonly contacts: readonly ContactDetails[];
  /** Group names, read-only here (groups are not settable through a client update). */
  readonly groups: readonly string[];
  readonly archived: boolean;
  readonly deleted: boolean;
  /** The client's page in XPM. */
  readonly webUrl?: string;
};

export type XpmStaff = { readonly uuid: string; readonly name: string; readonly email?: string; readonly phone?: string; readonly mobile?: string };
export type XpmGroup = { readonly uuid: string; readonly name: string };
export type XpmTemplate = { readonly uuid: string; readonly name: string };
export type XpmJob = {
  /** The job number ("J000309"): what job.api/get and assign take. */
  readonly id: string;
  readonly uuid?: string;
  readonly name: string;
  readonly clientUuid?: string;
  /** Our marker, written as ClientNumber and read back as ClientOrderNumber. */
  readonly marker?: string;
  readonly state?: string;
  /** YYYY-MM-DD. */
  readonly startDate?: string;
  readonly dueDate?: string;
  readonly webUrl?: string;
};

/** What a new client is made with (client.api/add), contacts included. */
export type XpmClientInput = Pick<XpmClient, 'name' | 'email' | 'phone' | 'fax' | 'website' | 'streetAddress' | 'postalAddress'> & {
  /** The first is made the primary contact. */
  readonly contacts?: readonly ContactDetails[];
  /** Staff UUIDs: XPM's AccountManagerUUID and JobManagerUUID. */
  readonly partnerUuid?: string;
  readonly managerUuid?: string;
};

/** The fields we own on an XPM client; null empties one. */
export type XpmClientChanges = {
  readonly name?: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly fax?: string | null;
  readonly streetAddress?: Address | null;
  readonly postalAddress?: Address | null;
  readonly partnerUuid?: string | null;
  readonly managerUuid?: string | null;
};

/** Who leads a job: set with job.api/assign after add, which takes no partner or manager. */
export type XpmJobLeads = { readonly partnerUuid?: string; readonly managerUuid?: string };

/** A job made on a proposal's acceptance (job.api/add). */
export type XpmJobInput = {
  readonly clientUuid: string;
  readonly name: string;
  readonly description?: string;
  /** YYYY-MM-DD, sent as yyyyMMdd. */
  readonly startDate: string;
  readonly dueDate: string;
  readonly templateUuid?: string;
  /** Our reference for the job, sent as ClientNumber so a look-up before add finds a job already made. */
  readonly marker: string;
};

const present = (s: string | undefined): string | undefined => (s?.trim() ? s.trim() : undefined);
const yes = (s: string | undefined): boolean | undefined => {
  const v = present(s)?.toLowerCase();
  return v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : undefined;
};
/** Drops absent values, so a record or body has only what XPM or we said. */
export const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

type AddressParts = { lines?: string; city?: string; region?: string; postcode?: string; country?: string };

/** XPM's multi-line street text and its parts, as our Address: the first line, then the rest as line2. */
export const toAddress = (p: AddressParts): Address | undefined => {
  const lines = (p.lines ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const [city, region, postcode, country] = [p.city, p.region, p.postcode, p.country].map(present);
  if (!lines.length && !city && !region && !postcode && !country) return undefined;
  const line2 = lines.slice(1).join('\n');
  return defined({ line1: lines[0] ?? '', line2: line2 || undefined, city: city ?? '', region, postcode: postcode ?? '', country: country ?? '' });
};

const structures: Record<string, BusinessStructure> = {
  individual: 'individual', 'sole trader': 'sole-trader', 'sole proprietor': 'sole-trader', partnership: 'partnership',
  company: 'limited-company', 'limited company': 'limited-company', 'private limited company': 'limited-company', ltd: 'limited-company',
  llp: 'llp', 'limited liability partnership': 'llp', trust: 'trust', charity: 'non-profit', 'not for profit': 'non-profit',
  'non-profit': 'non-profit', corporation: 'corporation', llc: 'llc',
};

/** XPM's structure names are the practice's own (XPM Admin): the common ones map, any other is 'other'. */
export const toBusinessStructure = (name: string | undefined): BusinessStructure | undefined => {
  const key = present(name)?.toLowerCase().replace(/[.,]/g, '').replace(/\s+/g, ' ');
  return key ? (structures[key] ?? 'other') : undefined;
};

const toStaffMember = (ref: { UUID?: string; Name?: string } | undefined): StaffMember | undefined => {
  const name = present(ref?.Name);
  return name ? defined({ name, externalId: present(ref?.UUID) }) : undefined;
};

const toContact = (c: XpmContactRecord): ContactDetails | undefined => {
  const name = present(c.Name);
  if (!name || yes(c.IsDeleted)) return undefined;
  return defined({ name, salutation: present(c.Salutation), email: present(c.Email), phone: present(c.Phone), mobile: present(c.Mobile) });
};

export const toXpmClient = (r: XpmClientRecord): XpmClient => {
  const contacts = r.Contacts?.Contact ?? [];
  const live = [...contacts.filter((c) => yes(c.IsPrimary)), ...contacts.filter((c) => !yes(c.IsPrimary))];
  return defined({
    uuid: r.UUID,
    name: present(r.Name) ?? r.UUID,
    email: present(r.Email),
    phone: present(r.Phone),
    fax: present(r.Fax),
    website: present(r.Website),
    streetAddress: toAddress({ lines: r.Address, city: r.City, region: r.Region, postcode: r.PostCode, country: r.Country }),
    postalAddress: toAddress({ lines: r.PostalAddress, city: r.PostalCity, region: r.PostalRegion, postcode: r.PostalPostCode, country: r.PostalCountry }),
    contacts: live.map(toContact).filter((c): c is ContactDetails => c !== undefined),
    partner: toStaffMember(r.AccountManager),
    manager: toStaffMember(r.JobManager),
    groups: (r.Groups?.Group ?? []).map((g) => present(g.Name)).filter((n): n is string => n !== undefined),
    taxRegistered: yes(r.GSTRegistered),
    businessStructure: toBusinessStructure(r.BusinessStructure),
    archived: yes(r.IsArchived) ?? false,
    deleted: yes(r.IsDeleted) ?? false,
    webUrl: present(r.WebUrl),
  });
};

/** XPM's partner and manager who are no users here: withheld, so ours is left as it is. */
const unknownStaff = (c: XpmClient, linked: ReadonlySet<string> | undefined): string[] | undefined => {
  if (!linked) return undefined;
  const withheld = (['partner', 'manager'] as const).filter((f) => c[f] && !knownStaff(c[f], linked));
  return withheld.length ? withheld : undefined;
};

/**
 * The client as the sync engine reads a record: our client field names, absent where XPM has nothing.
 * With `linkedStaff`, a partner or manager is read only when that staff member is a user here; one
 * who is not is withheld (see SyncedRecord), which leaves ours as it is.
 */
export const toSyncedRecord = (c: XpmClient, fetchedAt: Date, linkedStaff?: ReadonlySet<string>): SyncedRecord => defined({
  externalId: c.uuid, name: c.name, fetchedAt,
  email: c.email, phone: c.phone, fax: c.fax, website: c.website,
  streetAddress: c.streetAddress, postalAddress: c.postalAddress,
  contacts: c.contacts.length ? c.contacts : undefined,
  partner: linkedStaff ? knownStaff(c.partner, linkedStaff) : c.partner,
  manager: linkedStaff ? knownStaff(c.manager, linkedStaff) : c.manager,
  groups: c.groups.length ? c.groups : undefined,
  taxRegistered: c.taxRegistered, businessStructure: c.businessStructure,
  withheld: unknownStaff(c, linkedStaff),
});

export const toXpmStaff = (r: XpmStaffRecord): XpmStaff =>
  defined({ uuid: r.UUID, name: present(r.Name) ?? r.UUID, email: present(r.Email), phone: present(r.Phone), mobile: present(r.Mobile) });
export const toXpmGroup = (r: XpmGroupRecord): XpmGroup => ({ uuid: r.UUID, name: present(r.Name) ?? r.UUID });
export const toXpmTemplate = (r: XpmTemplateRecord): XpmTemplate => ({ uuid: r.UUID, name: present(r.Name) ?? r.UUID });

/** Responses date as yyyy-MM-ddTHH:mm:ss: the day is what a job's dates mean. */
const day = (s: string | undefined) => present(s)?.slice(0, 10);

export const toXpmJob = (r: XpmJobRecord): XpmJob => defined({
  id: r.ID, uuid: present(r.UUID), name: present(r.Name) ?? r.ID, clientUuid: present(r.Client?.UUID),
  marker: present(r.ClientOrderNumber), state: present(r.State),
  startDate: day(r.StartDate), dueDate: day(r.DueDate), webUrl: present(r.WebUrl),
});
