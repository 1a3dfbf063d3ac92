/**
 * The XPM sandbox's practice, drawn from a fixed seed so every run (demo, test, bench) sees the same
 * clients, contacts, groups, staff and job templates. Two sizes: a small practice of 40 clients for
 * the demo, and a large one of 15,000 for the bench. Seeded clients were last modified at fixed
 * times before 2026, so the sandbox's clock never decides what a first sync sees.
 */
import { indexClients, type XpmClientRecord, type XpmContactRecord, type XpmPractice, type XpmStaffRecord } from './xpm-data.js';
import { prng } from './seed.js';

export type XpmPracticeSize = 'small' | 'large';
export const practiceSizes: Record<XpmPracticeSize, number> = { small: 40, large: 15_000 };

export const xpmPracticeTenant = { tenantId: '5f0c1a2e-7d3b-4c9a-9e11-0a1b2c3d4e5f', name: 'Harbour & Finch Accountants' } as const;
/** An accounting organisation the same consent connects: a bot must filter it out of the tenants. */
export const xpmOrganisationTenant = { tenantId: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Harbour & Finch Accountants (Accounting)' } as const;

/** Seeded clients' modified times count on from here, one second apart. */
const seededModifiedFrom = Date.parse('2025-11-01T09:00:00Z');

const adjectives = ['Bright', 'Harbour', 'Summit', 'Cedar', 'Golden', 'Maple', 'Northwind', 'Silver', 'Meadow', 'Coastal', 'Evergreen', 'Oakridge', 'Kestrel', 'Thistle', 'Riverside', 'Granite'];
const nouns = ['Bakery', 'Dental', 'Logistics', 'Studios', 'Builders', 'Coffee', 'Veterinary', 'Fitness', 'Florist', 'Brewing', 'Design', 'Plumbing', 'Joinery', 'Pharmacy', 'Optics', 'Garage'];
export const businessStructures = ['Company', 'Partnership', 'Sole Trader', 'Trust', 'Individual'];
const suffixOf: Record<string, string> = { Company: ' Ltd', Partnership: ' LLP', 'Sole Trader': '', Trust: ' Trust', Individual: '' };
const firstNames = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Harry', 'Freya', 'Noah', 'Poppy', 'Arthur', 'Ivy', 'Leo', 'Rosie', 'Alfie', 'Ella', 'Theo'];
const lastNames = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Patel', 'Khan', 'Murphy', 'Hughes', 'Walsh'];
const salutations = ['Mr', 'Ms', 'Mrs', 'Dr', null];
const positions = ['Director', 'Owner', 'Finance Manager', 'Bookkeeper', null];
const towns: [string, string, string][] = [['Bristol', 'Avon', 'BS1 4DJ'], ['Leeds', 'West Yorkshire', 'LS1 2HL'], ['Norwich', 'Norfolk', 'NR2 1TF'], ['Exeter', 'Devon', 'EX1 1AA'], ['York', 'North Yorkshire', 'YO1 7HH'], ['Bath', 'Somerset', 'BA1 1LT']];
const streets = ['High Street', 'Mill Lane', 'Station Road', 'Church Street', 'Victoria Road', 'Queen Street'];

export const templateNames = ['Annual Accounts', 'Corporation Tax Return', 'VAT Return', 'Monthly Bookkeeping', 'Payroll', 'Self Assessment', 'Management Accounts', 'Company Secretarial'];
const groupNames = ['Hospitality', 'Construction', 'Healthcare', 'Retail', 'Creative', 'Property', 'Charities', 'Key Accounts'];
const staffNames = ['Priya Shah', 'Tom Greaves', 'Hannah Cole', 'Marcus Reid', 'Sofia Marin', 'Daniel Osei', 'Laura Finch', 'Owen Harbour', 'Grace Lowe', 'Sam Doyle', 'Nina Brooks', 'Ravi Menon'];

/** A uuid-shaped id from a kind and a counter: stable across runs, unique within the practice. */
export const xpmUuid = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const uuidKinds = { client: 1, contact: 2, staff: 3, group: 4, template: 5, job: 6 } as const;

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Contacts are numbered across the practice, so the n-th client's contacts never collide. */
const contactsFor = (r: () => number, domain: string, firstContact: number, count: number): XpmContactRecord[] =>
  Array.from({ length: count }, (_, i) => {
    const first = pick(r, firstNames), last = pick(r, lastNames);
    return {
      uuid: xpmUuid(uuidKinds.contact, firstContact + i), name: `${first} ${last}`, salutation: pick(r, salutations), addressee: null,
      mobile: `07700 9${String(firstContact + i).padStart(5, '0').slice(-5)}`, email: `${slug(first)}.${slug(last)}@${domain}`,
      phone: r() < 0.5 ? `0117 496 ${String((firstContact + i) % 10_000).padStart(4, '0')}` : null, position: pick(r, positions), isPrimary: i === 0,
    };
  });

export function seedXpmPractice(size: XpmPracticeSize = 'small', seed = 20_261_203): XpmPractice {
  const r = prng(seed);
  const staff: XpmStaffRecord[] = staffNames.slice(0, size === 'small' ? 5 : staffNames.length).map((name, i) => ({
    uuid: xpmUuid(uuidKinds.staff, i + 1), name, email: `${slug(name.split(' ')[0]!)}@harbourfinch.example`,
    phone: `0117 496 01${String(i).padStart(2, '0')}`, mobile: null, address: null, payrollCode: `HF${String(i + 1).padStart(3, '0')}`,
  }));
  const groups = groupNames.map((name, i) => ({ uuid: xpmUuid(uuidKinds.group, i + 1), name, taxable: i % 2 === 0 }));
  const templates = templateNames.map((name, i) => ({ uuid: xpmUuid(uuidKinds.template, i + 1), name }));
  const taken = new Set<string>();
  const clients: XpmClientRecord[] = [];
  let contactNo = 1;
  for (let n = 1; n <= practiceSizes[size]; n++) {
    const structure = pick(r, businessStructures);
    const person = structure === 'Individual' || structure === 'Sole Trader';
    const base = person ? `${pick(r, firstNames)} ${pick(r, lastNames)}` : `${pick(r, adjectives)} ${pick(r, nouns)}`;
    let name = `${base}${suffixOf[structure]}`;
    if (taken.has(name)) name = `${base} ${n}${suffixOf[structure]}`;
    taken.add(name);
    const [city, region, postCode] = pick(r, towns);
    const domain = `${slug(base)}${n}.example`;
    const contactCount = 1 + Math.floor(r() * 3);
    const postalToo = r() < 0.3;
    const manager = r() < 0.7 ? pick(r, staff).uuid : null;
    const group = r() < 0.35 ? pick(r, groups).uuid : null;
    clients.push({
      uuid: xpmUuid(uuidKinds.client, n), name, email: r() < 0.85 ? `accounts@${domain}` : null,
      address: `${1 + Math.floor(r() * 200)} ${pick(r, streets)}${r() < 0.3 ? `\nUnit ${1 + Math.floor(r() * 20)}` : ''}`, city, region, postCode, country: 'United Kingdom',
      postalAddress: postalToo ? `PO Box ${100 + n}` : null, postalCity: postalToo ? city : null, postalRegion: postalToo ? region : null,
      postalPostCode: postalToo ? postCode : null, postalCountry: postalToo ? 'United Kingdom' : null,
      phone: `0117 ${200 + (n % 800)} ${String(n % 10_000).padStart(4, '0')}`, fax: r() < 0.2 ? `0117 496 ${String(n % 10_000).padStart(4, '0')}` : null,
      website: r() < 0.5 ? `https://www.${domain}` : null, businessStructure: r() < 0.9 ? structure : null, gstRegistered: !person && r() < 0.7,
      accountManagerUuid: manager, jobManagerUuid: manager && r() < 0.8 ? pick(r, staff).uuid : null,
      contacts: contactsFor(r, domain, contactNo, contactCount), groupUuids: group ? [group] : [],
      isArchived: false, isDeleted: false, modifiedAt: seededModifiedFrom + n * 1000,
    });
    contactNo += contactCount;
  }
  // A few archived and deleted clients, so a full reconcile has something to find.
  for (let n = 7; n < clients.length; n += 97) clients[n]!.isArchived = true;
  for (let n = 11; n < clients.length; n += 211) clients[n]!.isDeleted = true;
  const practice: XpmPractice = { ...xpmPracticeTenant, staff, groups, templates, clients, byUuid: new Map(), jobs: [], nextJobNumber: 1 };
  indexClients(practice);
  return practice;
}
