/**
 * The XPM simulator's records. Times are epoch milliseconds on the sandbox's clock; payloads
 * (xpm-payloads.ts) turn them into XPM's XML shapes. Optional text is null when empty, because XPM
 * omits an empty element rather than sending it blank.
 */

export type XpmRef = { readonly uuid: string; readonly name: string };

export type XpmContactRecord = {
  uuid: string; name: string; salutation: string | null; addressee: string | null;
  mobile: string | null; email: string | null; phone: string | null; position: string | null;
  isPrimary: boolean;
};

/** The client fields XPM lets an app write (`add` and `update`), by their record names. */
export type XpmClientFields = {
  name: string; email: string | null;
  /** Street lines separated by newlines: XPM's single multi-line Address field. */
  address: string | null; city: string | null; region: string | null; postCode: string | null; country: string | null;
  postalAddress: string | null; postalCity: string | null; postalRegion: string | null; postalPostCode: string | null; postalCountry: string | null;
  phone: string | null; fax: string | null; website: string | null;
  businessStructure: string | null; gstRegistered: boolean | null;
  accountManagerUuid: string | null; jobManagerUuid: string | null;
};

export type XpmClientRecord = XpmClientFields & {
  uuid: string;
  contacts: XpmContactRecord[];
  /** Groups are set in XPM (clientgroup.api), never by client add/update. */
  groupUuids: string[];
  isArchived: boolean; isDeleted: boolean;
  /** What `modifiedsince` filters on: every write moves it to the sandbox's now. */
  modifiedAt: number;
};

export type XpmStaffRecord = { uuid: string; name: string; email: string; phone: string | null; mobile: string | null; address: string | null; payrollCode: string | null };
export type XpmGroupRecord = { uuid: string; name: string; taxable: boolean };
export type XpmTemplateRecord = { uuid: string; name: string };

export type XpmJobRecord = {
  id: string; uuid: string; name: string; description: string | null; state: string;
  clientUuid: string; templateUuid: string | null;
  /** Written as ClientNumber, read back as ClientOrderNumber: where the bot keeps its marker. */
  clientOrderNumber: string | null;
  /** yyyy-MM-dd */
  startDate: string; dueDate: string;
  createdAt: number;
  /** Staff UUIDs set by job.api/assign; absent until then. */
  partnerUuid?: string | null; managerUuid?: string | null;
};

/** One practice: the unit a Xero-Tenant-Id selects. */
export type XpmPractice = {
  readonly tenantId: string; readonly name: string;
  staff: XpmStaffRecord[]; groups: XpmGroupRecord[]; templates: XpmTemplateRecord[];
  clients: XpmClientRecord[];
  /** The same clients by uuid, kept in step with `clients`. */
  byUuid: Map<string, XpmClientRecord>;
  jobs: XpmJobRecord[];
  nextJobNumber: number;
};

export const indexClients = (p: XpmPractice): void => {
  p.byUuid = new Map(p.clients.map((c) => [c.uuid, c]));
};

/** XPM's response times: `yyyy-MM-ddTHH:mm:ss`, no zone (UTC in the sandbox). */
export const xpmTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

/** `modifiedsince`: `yyyy-MM-ddTHH:mm:ss` in UTC, or null when it is not one. */
export const parseXpmTime = (text: string): number | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== text ? null : ms;
};

/** Job write dates: `yyyyMMdd` → `yyyy-MM-dd`, or null when it is not a real date. */
export const parseJobDate = (text: string): string | null => {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso) ? iso : null;
};
