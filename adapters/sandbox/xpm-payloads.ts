/**
 * The XPM sandbox's records in XPM 3.1's read shapes. Empty fields are left out entirely, as XPM
 * does (Email, AccountManager, BusinessStructure…); the website reads as `Website` (it is written as
 * `WebSite`), a job's ClientNumber reads back as ClientOrderNumber.
 */
import type { XpmClientRecord, XpmContactRecord, XpmJobRecord, XpmPractice, XpmStaffRecord } from './xpm-data.js';
import { yesNo, type XmlBody } from './xpm-xml.js';

/** Drops null and undefined fields, keeping the order of the rest. */
const compact = (o: Record<string, unknown>): XmlBody =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

const ref = (uuid: string | null, name: string | undefined) => (uuid && name ? { UUID: uuid, Name: name } : null);

export const contactPayload = (c: XpmContactRecord): XmlBody => compact({
  UUID: c.uuid, Name: c.name, Salutation: c.salutation, Addressee: c.addressee, Mobile: c.mobile, Email: c.email, Phone: c.phone,
  IsPrimary: yesNo(c.isPrimary), Position: c.position,
});

export type ClientView = { detailed: boolean; webUrl?: string };

export function clientPayload(c: XpmClientRecord, p: XpmPractice, staffNames: Map<string, string>, view: ClientView): XmlBody {
  const plain = {
    UUID: c.uuid, Name: c.name, Email: c.email,
    Address: c.address, City: c.city, Region: c.region, PostCode: c.postCode, Country: c.country,
    PostalAddress: c.postalAddress, PostalCity: c.postalCity, PostalRegion: c.postalRegion, PostalPostCode: c.postalPostCode, PostalCountry: c.postalCountry,
    Phone: c.phone, Fax: c.fax, Website: c.website,
  };
  if (!view.detailed) return compact(plain);
  const groups = c.groupUuids.map((g) => p.groups.find((x) => x.uuid === g)).filter((g) => g !== undefined);
  return compact({
    ...plain,
    IsArchived: yesNo(c.isArchived), IsDeleted: yesNo(c.isDeleted),
    AccountManager: ref(c.accountManagerUuid, staffNames.get(c.accountManagerUuid ?? '')),
    JobManager: ref(c.jobManagerUuid, staffNames.get(c.jobManagerUuid ?? '')),
    BusinessStructure: c.businessStructure,
    GSTRegistered: c.gstRegistered === null ? null : yesNo(c.gstRegistered),
    Contacts: c.contacts.length ? { Contact: c.contacts.map(contactPayload) } : null,
    Groups: groups.length ? { Group: groups.map((g) => ({ UUID: g.uuid, Name: g.name })) } : null,
    WebUrl: view.webUrl,
  });
}

export const staffPayload = (s: XpmStaffRecord): XmlBody => compact({
  UUID: s.uuid, Name: s.name, Email: s.email, Phone: s.phone, Mobile: s.mobile, Address: s.address, PayrollCode: s.payrollCode,
});

/** Job dates read as `yyyy-MM-ddTHH:mm:ss`. */
const jobDate = (iso: string) => `${iso}T00:00:00`;

const staffRef = (p: XpmPractice, uuid: string | null | undefined) => {
  const s = uuid ? p.staff.find((m) => m.uuid === uuid) : undefined;
  return s ? { UUID: s.uuid, Name: s.name } : null;
};

export function jobPayload(j: XpmJobRecord, p: XpmPractice, webUrl: string): XmlBody {
  const client = p.byUuid.get(j.clientUuid);
  return compact({
    ID: j.id, UUID: j.uuid, Name: j.name, Description: j.description, State: j.state,
    ClientOrderNumber: j.clientOrderNumber, StartDate: jobDate(j.startDate), DueDate: jobDate(j.dueDate),
    Client: client ? { UUID: client.uuid, Name: client.name } : null,
    Manager: staffRef(p, j.managerUuid), Partner: staffRef(p, j.partnerUuid),
    WebUrl: webUrl,
  });
}

export const staffNamesOf = (p: XpmPractice): Map<string, string> => new Map(p.staff.map((s) => [s.uuid, s.name]));
