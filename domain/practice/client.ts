import type { ClientId, ContactId, PracticeId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';

export type Address = {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly region?: string;
  readonly postcode: string;
  readonly country: string;
};

export type BusinessStructure =
  | 'sole-trader' | 'partnership' | 'llp' | 'limited-company' | 'corporation' | 's-corporation'
  | 'llc' | 'non-profit' | 'trust' | 'individual' | 'other';

/** A person at a client, as the client record carries them (and a practice-management app syncs them). */
export type ContactDetails = {
  readonly name: string;
  readonly salutation?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly mobile?: string;
};

/**
 * A partner or manager as the practice-management app names them. Kept as a name plus the app's staff
 * id rather than one of our users: the firm's staff in that app need not use the chat at all, a card
 * shows the name, and a write back names the staff member by the app's own id.
 */
export type StaffMember = { readonly name: string; readonly externalId?: string };

export type Client = {
  readonly id: ClientId;
  readonly practiceId: PracticeId;
  readonly status: 'lead' | 'client';
  readonly name: string;
  readonly tradeName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly fax?: string;
  readonly website?: string;
  readonly streetAddress?: Address;
  readonly postalAddress?: Address;
  readonly contacts?: readonly ContactDetails[];
  readonly partner?: StaffMember;
  readonly manager?: StaffMember;
  /** The app's client groups, by name; read-only here. */
  readonly groups?: readonly string[];
  /** Registered for sales tax (VAT/GST) as the app records it. */
  readonly taxRegistered?: boolean;
  /** VAT registration number ("GB 123 4567 89"), as typed or as an app has it. */
  readonly vatNumber?: string;
  /** Companies House registration number ("01234567", "SC123456"). */
  readonly companyNumber?: string;
  readonly businessStructure?: BusinessStructure;
  /** Active employees as a payroll app last reported them, with when; drives per-employee pricing. */
  readonly activeEmployees?: number;
  readonly contractors?: number;
  readonly headcountAt?: Date;
  /** Whether its invoices go to the ledger (Sage); unset follows the ledger settings' default for clients. */
  readonly createInvoices?: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

export type Contact = ContactDetails & {
  readonly id: ContactId;
  readonly clientId: ClientId;
};

/** The fields `client edit` may change, as a person types them. */
export const editableClientFields = ['name', 'email', 'phone', 'fax', 'website', 'status', 'trade-name', 'structure', 'vat-number', 'company-number'] as const;
export type EditableClientField = (typeof editableClientFields)[number];

/** A client's name is unique in its practice, read the way normaliseName reads it. */
export type NameTaken = { readonly kind: 'name-taken'; readonly existing: Client };

export type ClientInputError = { kind: 'invalid-field'; field: string; reason: string };
export type ClientChanges = Partial<Pick<Client, 'name' | 'email' | 'phone' | 'fax' | 'website' | 'status' | 'tradeName' | 'businessStructure' | 'vatNumber' | 'companyNumber'>>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[\d\s().-]{6,20}$/;
const structures: readonly BusinessStructure[] = [
  'sole-trader', 'partnership', 'llp', 'limited-company', 'corporation', 's-corporation',
  'llc', 'non-profit', 'trust', 'individual', 'other',
];

/** Turns typed `field=value` pairs into checked changes; the first bad pair is reported and nothing applies. */
export const parseClientChanges = (pairs: Readonly<Record<string, string>>): Result<ClientChanges, ClientInputError> => {
  const changes: { -readonly [K in keyof ClientChanges]: ClientChanges[K] } = {};
  for (const [field, raw] of Object.entries(pairs)) {
    const value = raw.trim();
    const refuse = (reason: string) => err<ClientInputError>({ kind: 'invalid-field', field, reason });
    switch (field as EditableClientField) {
      case 'name':
        if (value.length < 1 || value.length > 200) return refuse('a name is 1 to 200 characters');
        changes.name = value;
        break;
      case 'email':
        if (!emailPattern.test(value)) return refuse(`"${value}" is not an email address`);
        changes.email = value.toLowerCase();
        break;
      case 'phone':
      case 'fax':
        if (!phonePattern.test(value)) return refuse(`"${value}" is not a phone number (digits, spaces, + ( ) - .)`);
        changes[field as 'phone' | 'fax'] = value;
        break;
      case 'website':
        if (!/^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(value)) return refuse(`"${value}" is not a web address`);
        changes.website = value;
        break;
      case 'status':
        if (value !== 'lead' && value !== 'client') return refuse('status is lead or client');
        changes.status = value;
        break;
      case 'trade-name':
        changes.tradeName = value;
        break;
      case 'structure':
        if (!structures.includes(value as BusinessStructure)) return refuse(`structure is one of ${structures.join(', ')}`);
        changes.businessStructure = value as BusinessStructure;
        break;
      case 'vat-number':
        if (!vatKey(value)) return refuse(`"${value}" is not a VAT number (a country prefix such as GB, then 8 to 12 digits or letters)`);
        changes.vatNumber = value.toUpperCase();
        break;
      case 'company-number':
        if (!companyNumberKey(value)) return refuse(`"${value}" is not a company number (up to 8 digits, or 2 letters and 6 digits such as SC123456)`);
        changes.companyNumber = companyNumberKey(value)!;
        break;
      default:
        return refuse(`fields you can set are ${editableClientFields.join(', ')}`);
    }
  }
  return ok(changes);
};

export const applyClientChanges = (client: Client, changes: ClientChanges, now: Date): Client => ({
  ...client,
  ...changes,
  updatedAt: now,
});

/** Names are compared the way people read them: case, spacing and a trailing full stop don't matter. */
export const normaliseName = (name: string): string =>
  name.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '').trim();

/**
 * A VAT number as matching compares it: spaces and dots gone, capitals, and a UK number's "GB" prefix
 * optional ("GB 123 4567 89" and "123456789" are one number). Null when it cannot be a VAT number.
 */
export const vatKey = (raw: string): string | null => {
  const v = raw.toUpperCase().replace(/[\s.-]/g, '');
  if (/^\d{9}(\d{3})?$/.test(v)) return `GB${v}`;
  return /^[A-Z]{2}[0-9A-Z]{8,12}$/.test(v) ? v : null;
};

/** A Companies House number as matching compares it: capitals, no spaces, digits padded to 8 ("1234567" is "01234567"). */
export const companyNumberKey = (raw: string): string | null => {
  const v = raw.toUpperCase().replace(/\s/g, '');
  if (/^\d{1,8}$/.test(v)) return v.padStart(8, '0');
  return /^[A-Z]{2}\d{6}$/.test(v) ? v : null;
};
