/**
 * A client's contacts in XPM as the contact writes need them: with their UUIDs (a contact is updated
 * by its own UUID, `client.api/contact/{uuid}`) and the fields we do not own (Addressee, Position,
 * IsPrimary), which a read-modify-write sends back as XPM has them. The sync itself reads contacts as
 * our ContactDetails (mapping.ts); this is only the writer's view.
 */
import { z } from 'zod';
import type { ContactDetails } from '../../domain/practice/client.js';
import { defined } from './mapping.js';
import type { XpmClientRecord, XpmContactRecord } from './schemas.js';

/** A live contact of an XPM client. */
export type XpmContact = {
  readonly uuid: string;
  readonly name: string;
  readonly salutation?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly mobile?: string;
  /** XPM's alone: how letters are addressed and the person's job title. */
  readonly addressee?: string;
  readonly position?: string;
  readonly primary: boolean;
};

const present = (s: string | undefined): string | undefined => (s?.trim() ? s.trim() : undefined);
const yes = (s: string | undefined): boolean => ['yes', 'true'].includes(present(s)?.toLowerCase() ?? '');

const toXpmContact = (c: XpmContactRecord): XpmContact | undefined => {
  const uuid = present(c.UUID), name = present(c.Name);
  if (!uuid || !name || yes(c.IsDeleted)) return undefined;
  return defined({
    uuid, name, salutation: present(c.Salutation), email: present(c.Email), phone: present(c.Phone), mobile: present(c.Mobile),
    addressee: present(c.Addressee), position: present(c.Position), primary: yes(c.IsPrimary),
  });
};

/** A detailed client's live contacts, in XPM's order. */
export const toXpmContacts = (r: XpmClientRecord): XpmContact[] =>
  (r.Contacts?.Contact ?? []).map(toXpmContact).filter((c): c is XpmContact => c !== undefined);

/** The part of an XPM contact the sync owns, in our shape: what is compared with ours. */
export const contactDetailsOf = (c: XpmContact): ContactDetails =>
  defined({ name: c.name, salutation: c.salutation, email: c.email, phone: c.phone, mobile: c.mobile });

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

/**
 * `<Contact>` for PUT client.api/contact/{uuid}, in the documented element order. Ours replace the
 * synced fields (an emptied one is sent empty, so it is cleared); IsPrimary, Addressee and Position
 * go back as `fresh` holds them, since whether XPM clears an element an update leaves out is not
 * documented (the same reason a client update is read-modify-write).
 */
export const updateContactBody = (fresh: XpmContact, ours: ContactDetails) => ({
  Contact: defined({
    Name: ours.name,
    IsPrimary: yesNo(fresh.primary),
    Salutation: ours.salutation ?? '',
    Addressee: fresh.addressee,
    Phone: ours.phone ?? '',
    Mobile: ours.mobile ?? '',
    Email: ours.email ?? '',
    Position: fresh.position,
  }),
});

/** `<Contact>` for POST client.api/contact: the client it belongs to by UUID, then the contact. */
export const addContactBody = (clientUuid: string, c: ContactDetails, primary: boolean) => ({
  Contact: defined({
    Client: { UUID: clientUuid },
    Name: c.name,
    IsPrimary: yesNo(primary),
    Salutation: c.salutation,
    Phone: c.phone,
    Mobile: c.mobile,
    Email: c.email,
  }),
});

const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined), z.string().optional());

/**
 * POST client.api/contact's answer. The new contact's UUID is read from `<ID>` or a `<Contact>` when
 * either is there; the reference does not show the answer, so neither is required.
 */
export const XpmContactAdded = z.object({
  Response: z.looseObject({ Status: optionalText, ID: optionalText, Contact: z.preprocess((v) => (v === '' ? undefined : v), z.looseObject({ UUID: optionalText }).optional()) }),
});
