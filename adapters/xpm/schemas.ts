import { z } from 'zod';

/**
 * Zod schemas for the Xero Practice Manager 3.1 fields we read, as the XML codec decodes them: every
 * value a string (ids and postcodes keep their leading zeros), an empty element (`<Fax />`) an empty
 * string, and a missing one absent. XPM often leaves empty fields out entirely, so every field is
 * optional; an empty container (`<Contacts />`) reads as no list. Unknown elements pass through, so
 * a read-modify-write can carry them back untouched.
 */

/** An empty element is no value. */
const blankless = (v: unknown) => (v === '' ? undefined : v);
const text = z.preprocess(blankless, z.string().optional());
const list = <T extends z.ZodType>(item: T) => z.preprocess(blankless, z.array(item).optional());
/** `<Contacts><Contact>…</Contact></Contacts>`: the wrapper, absent or empty when there are none. */
const wrapped = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.preprocess(blankless, z.looseObject({ [key]: list(item) } as Record<K, ReturnType<typeof list<T>>>).optional());

/** `{ UUID, Name }`: how XPM names a related record (AccountManager, Client on a job, a group). */
export const XpmRef = z.preprocess(blankless, z.looseObject({ UUID: text, Name: text }).optional());

export const XpmContactRecord = z.looseObject({
  UUID: text, Name: text, Salutation: text, Addressee: text, Mobile: text, Email: text, Phone: text,
  IsDeleted: text, IsPrimary: text, Position: text,
});
export type XpmContactRecord = z.infer<typeof XpmContactRecord>;

export const XpmGroupRecord = z.looseObject({ UUID: z.string().min(1), Name: text, Taxable: text });
export type XpmGroupRecord = z.infer<typeof XpmGroupRecord>;

/** A detailed client (client.api/get and list?detailed=true); only the fields we map are named. */
export const XpmClientRecord = z.looseObject({
  UUID: z.string().min(1),
  Name: text,
  Email: text,
  Address: text, City: text, Region: text, PostCode: text, Country: text,
  PostalAddress: text, PostalCity: text, PostalRegion: text, PostalPostCode: text, PostalCountry: text,
  Phone: text, Fax: text,
  /** Read as `Website`, written as `WebSite`. */
  Website: text,
  IsArchived: text, IsDeleted: text,
  AccountManager: XpmRef,
  JobManager: XpmRef,
  BusinessStructure: text,
  /** The only tax-registration flag XPM exposes (Yes/No). */
  GSTRegistered: text,
  WebUrl: text,
  Contacts: wrapped('Contact', XpmContactRecord),
  Groups: wrapped('Group', XpmGroupRecord),
});
export type XpmClientRecord = z.infer<typeof XpmClientRecord>;

export const XpmStaffRecord = z.looseObject({ UUID: z.string().min(1), Name: text, Email: text, Phone: text, Mobile: text });
export type XpmStaffRecord = z.infer<typeof XpmStaffRecord>;

export const XpmTemplateRecord = z.looseObject({ UUID: z.string().min(1), Name: text });
export type XpmTemplateRecord = z.infer<typeof XpmTemplateRecord>;

/** A job: our marker, written as `ClientNumber`, reads back as `ClientOrderNumber`. */
export const XpmJobRecord = z.looseObject({
  ID: z.string().min(1), UUID: text, Name: text, Description: text, State: text,
  ClientOrderNumber: text, StartDate: text, DueDate: text,
  Client: XpmRef, Manager: XpmRef, Partner: XpmRef, WebUrl: text,
});
export type XpmJobRecord = z.infer<typeof XpmJobRecord>;

/** A client as paged-list gives it without `detailed`: only its UUID is read (a reconcile's live set). */
export const XpmClientId = z.looseObject({ UUID: z.string().min(1) });

/** paged-list's `<Pagination><Links><First/><Next/></Links></Pagination>`: Next is absent on the last page. */
export const XpmPagination = z.preprocess((v) => (v === '' ? undefined : v), z.looseObject({
  Links: z.preprocess((v) => (v === '' ? undefined : v), z.looseObject({ First: text, Next: text }).optional()),
}).optional());

/** `<Response api-method="…"><Status>OK</Status><KEY>…</KEY></Response>`. */
export const xpmResponse = <K extends string, T extends z.ZodType>(key: K, body: T) =>
  z.object({ Response: z.looseObject({ Status: text, [key]: body } as Record<'Status', typeof text> & Record<K, T>) });

/** An answer with nothing to read but its envelope (the codec has already refused an ERROR). */
export const xpmAnswer = z.object({ Response: z.looseObject({ Status: text }) });

/** A list answer: `<Clients><Client/>…</Clients>`, or `<Clients />` when there are none. */
export const xpmList = <K extends string, I extends string, T extends z.ZodType>(key: K, item: I, record: T) =>
  xpmResponse(key, z.preprocess((v) => (v === '' || v === undefined ? {} : v), z.looseObject({ [item]: list(record) } as Record<I, ReturnType<typeof list<T>>>)));

/** Xero identity's token answer (identity.xero.com/connect/token). */
export const XeroTokenResponse = z.object({
  access_token: z.string().min(1),
  /** Seconds: 1800 (30 minutes). */
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});

/** One tenant a grant reaches (GET https://api.xero.com/connections). */
export const XeroConnection = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  tenantType: z.string(),
  tenantName: z.string().nullable().optional(),
  authEventId: z.string().nullable().optional(),
  createdDateUtc: z.string().nullable().optional(),
  updatedDateUtc: z.string().nullable().optional(),
});
export type XeroConnection = z.infer<typeof XeroConnection>;
