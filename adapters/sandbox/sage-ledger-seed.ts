/**
 * The UK business's customers as a real ledger holds them after years of use: 300 customers and a
 * few suppliers, with the mess an import has to cope with — one company entered twice as "Ltd" and
 * "Limited", "&" and "and", in capitals or with a full stop; several customers sharing a bookkeeper's
 * email; look-alike names at one email domain; VAT numbers (some typed with spaces) and Companies House
 * numbers on many; and a few companies a firm would already have as clients from the Gusto sandbox.
 * Made by a fixed generator, so every start seeds the same names, numbers and times.
 */
import { prng } from './seed.js';

/** What the seed says about one contact; sage-seed.ts turns it into a record. */
export type SeedCustomer = {
  name: string; reference: string | null; person: string | null; email: string | null;
  street: string; city: string; postcode: string;
  taxNumber: string | null; registeredNumber: string | null;
  types: string[]; createdAt: Date; updatedAt: Date;
};

/** How many customers (not suppliers) the UK business holds, the six hand-written ones included. */
export const seededUkCustomers = 300;

/**
 * Companies the Gusto sandbox seeds (seedGustoCompanies' first ones, named exactly so): a firm that
 * connected them has these clients already, so converting their Sage customer must offer Link.
 */
export const gustoDuplicates = ['Coastal Dental 1 LLC', 'Prairie Brewing 2 Inc', 'Maple Logistics 3 Inc'] as const;

type Messy = [name: string, email: string | null, taxNumber?: string | null, registeredNumber?: string | null, types?: string[]];

/** Hand-made mess: each group is what a person at the firm would recognise as one business, or not. */
const messy: Messy[] = [
  // The same company typed twice, differing only by "Ltd"/"Limited" (the same VAT and company number too).
  ['Acme Co Ltd', 'accounts@acmeco.example', 'GB 204 6618 37', '08311452'],
  ['Acme Co Limited', 'finance@acmeco.example', 'GB204661837', '08311452'],
  ['Kingfisher Print Ltd', 'hello@kingfisherprint.example', 'GB318204556', '06120987'],
  ['Kingfisher Print Limited', null, null, null],
  // "&" and "and".
  ['Hale & Sons Builders', 'office@halesons.example', null, null],
  ['Hale and Sons Builders', 'office@halesons.example', null, null],
  ['Marsh & Webb Limited', 'admin@marshwebb.example', 'GB556120873', '09877123'],
  ['Marsh and Webb Ltd', null, null, '09877123'],
  // Case and punctuation.
  ['Brighton Dental Care', 'reception@brightondental.example', null, null],
  ['BRIGHTON DENTAL CARE', 'reception@brightondental.example', null, null],
  ['St. Ives Surf School', 'surf@stivessurf.example', null, null],
  ['St Ives Surf School', 'bookings@stivessurf.example', null, null],
  ['Penrose-Whitby Opticians', 'eyes@penrosewhitby.example', 'GB771203448', null],
  ['Penrose Whitby Opticians', null, null, null],
  // Four customers whose books one bureau keeps: one email for all.
  ['Oakridge Farm Shop', 'accounts@ledgerhouse-bureau.example', 'GB640118292', null],
  ['Oakridge Holiday Lets', 'accounts@ledgerhouse-bureau.example', null, '11220934'],
  ['Pembrook Tea Rooms', 'accounts@ledgerhouse-bureau.example', null, null],
  ['Quarry Lane Garage', 'accounts@ledgerhouse-bureau.example', 'GB902771645', '04417765'],
  // Look-alike names at one email domain: maybe one business, maybe two.
  ['Tidewater Joinery Ltd', 'jo@tidewater.example', 'GB113580246', '10456678'],
  ['Tidewater Joiners', 'office@tidewater.example', null, null],
  ['Lowther Consulting', 'ian@lowther.example', null, null],
  ['Lowther Consulting Group', 'accounts@lowther.example', 'GB447091236', 'SC512204'],
  // A sole trader on a public mail domain, and another there with a different name: not alike.
  ['Rosa Delgado Photography', 'rosa.delgado.photo@gmail.com', null, null],
  ['Seaview Pet Grooming', 'seaviewpets@gmail.com', null, null],
  // Exact duplicates of Gusto sandbox clients, and one near one ("," and case aside).
  ...gustoDuplicates.map((name): Messy => [name, null, null, null]),
  ['Silver Logistics 4, Inc', 'ops@silverlogistics4.example', null, null],
  // A customer that also supplies the business.
  ['Harbour Print Works', 'print@harbourprintworks.example', 'GB385512907', '07789012', ['CUSTOMER', 'VENDOR']],
  // Suppliers: never offered as clients.
  ['Pennant Stationers', 'orders@pennant.example', 'GB190224871', null, ['VENDOR']],
  ['Clearwater Utilities', 'billing@clearwater.example', 'GB660019283', '02366540', ['VENDOR']],
  ['Swift Couriers', 'accounts@swiftcouriers.example', null, null, ['VENDOR']],
];

const owners = ['Abbott', 'Beaumont', 'Calloway', 'Darby', 'Ellwood', 'Fairfax', 'Garside', 'Holloway', 'Ingram', 'Jessop', 'Kirkby', 'Lambert',
  'Merriman', 'Nuttall', 'Oldroyd', 'Pickering', 'Quinlan', 'Radcliffe', 'Sutcliffe', 'Tennant', 'Upton', 'Varley', 'Whitworth', 'Yardley'];
const places = ['Ambleside', 'Bowness', 'Castleford', 'Dalston', 'Eskdale', 'Frodsham', 'Grassington', 'Haworth', 'Ilkley', 'Kendal', 'Ludlow',
  'Malton', 'Nantwich', 'Otley', 'Pickering', 'Richmond', 'Settle', 'Thirsk', 'Ulverston', 'Wetherby', 'Yarm'];
const trades = ['Bakery', 'Joinery', 'Plumbing', 'Electrical', 'Florists', 'Veterinary Clinic', 'Physiotherapy', 'Landscaping', 'Brewery', 'Print',
  'Engineering', 'Catering', 'Hair Studio', 'Dental Lab', 'Removals', 'Roofing', 'Tiling', 'Cleaning', 'Pharmacy', 'Fitness', 'Garden Centre', 'Glazing'];
const suffixes = ['Ltd', 'Ltd', 'Limited', 'LLP', '& Co', '', '', 'Services'];
const firstNames = ['Alice', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Harry', 'Isla', 'Jack', 'Kate', 'Liam', 'Mia', 'Noah', 'Olivia', 'Raj', 'Sophie', 'Tom'];
const towns: [string, string][] = [['Leeds', 'LS'], ['York', 'YO'], ['Manchester', 'M'], ['Sheffield', 'S'], ['Bristol', 'BS'], ['Norwich', 'NR'],
  ['Exeter', 'EX'], ['Cardiff', 'CF'], ['Glasgow', 'G'], ['Nottingham', 'NG'], ['Reading', 'RG'], ['Bath', 'BA']];
const streets = ['High Street', 'Station Road', 'Church Lane', 'Mill Lane', 'Victoria Road', 'Market Place', 'Bridge Street', 'Park Road'];

type Draw = () => number;
const pick = <T>(r: Draw, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const digits = (r: Draw, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const slug = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

/** A plausible customer name: an owner's surname or a town, a trade, and (mostly) a company suffix. */
export const customerName = (r: Draw): string => {
  const who = r() < 0.5 ? pick(r, owners) : pick(r, places);
  const suffix = pick(r, suffixes);
  return [who, pick(r, trades), suffix].filter(Boolean).join(' ');
};

const mark = Date.UTC(2025, 8, 1, 8); // The business opened its books on 1 September 2025.
const hour = 3_600_000;

/** The contact's address and main contact person, drawn; `email` when the seed fixes one. */
const details = (r: Draw, name: string, email: string | null | undefined) => {
  const [city, area] = pick(r, towns);
  const first = pick(r, firstNames);
  const domain = `${slug(name.replace(/\s+(Ltd|Limited|LLP|Services|& Co)$/, ''))}.example`;
  return {
    person: `${first} ${pick(r, owners)}`,
    email: email === undefined ? (r() < 0.15 ? null : `${first.toLowerCase()}@${domain}`) : email,
    street: `${1 + Math.floor(r() * 120)} ${pick(r, streets)}`, city, postcode: `${area}${1 + Math.floor(r() * 20)} ${digits(r, 1)}AB`,
  };
};

/** Created one after another through the autumn of 2025, some edited days later: `updated_or_created_since` has something to cut. */
const times = (r: Draw, i: number) => {
  const createdAt = new Date(mark + i * 9 * hour + Math.floor(r() * 60) * 60_000);
  const edited = r() < 0.3;
  return { createdAt, updatedAt: edited ? new Date(createdAt.getTime() + (1 + Math.floor(r() * 20)) * 24 * hour) : createdAt };
};

/** A reference as a bookkeeper makes them ("ACM001"), unique within the business; a few customers have none. */
const referenceFor = (name: string, taken: Set<string>): string => {
  const stem = (slug(name).replace(/\d/g, '').slice(0, 3) || 'CUS').toUpperCase();
  for (let n = 1; ; n++) {
    const ref = `${stem}${String(n).padStart(3, '0')}`;
    if (!taken.has(ref)) { taken.add(ref); return ref; }
  }
};

/** Names (lower-case) and references (upper-case) a business already has: a new customer takes neither. */
export type TakenNames = { names: Set<string>; references: Set<string> };

/**
 * A new customer with a name not yet taken, drawn from `r`: its own email domain (now and then none),
 * a VAT number on most, a company number on most limited companies. Marks its name and reference taken.
 */
export const drawCustomer = (r: Draw, taken: TakenNames): Omit<SeedCustomer, 'createdAt' | 'updatedAt'> => {
  let name = customerName(r);
  while (taken.names.has(name.toLowerCase())) name = customerName(r);
  taken.names.add(name.toLowerCase());
  const taxNumber = r() < 0.6 ? `GB${digits(r, 9)}` : null;
  const registeredNumber = /Ltd|Limited|LLP/.test(name) && r() < 0.8 ? (r() < 0.1 ? `SC${digits(r, 6)}` : digits(r, 8)) : null;
  const reference = r() < 0.08 ? null : referenceFor(name, taken.references);
  return { name, reference, ...details(r, name, undefined), taxNumber, registeredNumber, types: ['CUSTOMER'] };
};

/**
 * The UK customers and suppliers after the hand-written ones: the mess first, then drawn customers up
 * to `seededUkCustomers`. `customersSoFar`: how many customers the hand-written ones are.
 */
export function messyUkLedger(taken: TakenNames, customersSoFar: number): SeedCustomer[] {
  const r = prng(20251201);
  const rows: SeedCustomer[] = [];
  for (const [name, email, taxNumber, registeredNumber, types] of messy) {
    taken.names.add(name.toLowerCase());
    const reference = referenceFor(name, taken.references);
    rows.push({ name, reference, ...details(r, name, email), taxNumber: taxNumber ?? null, registeredNumber: registeredNumber ?? null, types: types ?? ['CUSTOMER'], ...times(r, rows.length) });
  }
  const customers = () => customersSoFar + rows.filter((c) => c.types.includes('CUSTOMER')).length;
  while (customers() < seededUkCustomers) rows.push({ ...drawCustomer(r, taken), ...times(r, rows.length) });
  return rows;
}
