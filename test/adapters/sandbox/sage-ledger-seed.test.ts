/** The UK business's seeded ledger: 300 customers with the mess a real one has, the same every start. */
import { describe, expect, it } from 'vitest';
import { gustoDuplicates } from '../../../adapters/sandbox/sage-ledger-seed.js';
import { seedSageBooks } from '../../../adapters/sandbox/sage-seed.js';
import { seedGustoCompanies } from '../../../adapters/sandbox/seed.js';
import { similarNames } from '../../../domain/sync/duplicates.js';
import { matchKey } from '../../../domain/sync/matching.js';
import { normaliseName } from '../../../domain/practice/client.js';

const uk = () => seedSageBooks()[0]!.data.contacts;
const customers = () => uk().filter((c) => c.contactTypeIds.includes('CUSTOMER'));
const named = (name: string) => uk().find((c) => c.name === name)!;

describe('Sage sandbox: the seeded UK ledger', () => {
  it('holds 300 customers and a few suppliers, ids and names the same every start', () => {
    const vendors = uk().filter((c) => !c.contactTypeIds.includes('CUSTOMER')).map((c) => c.name);

    expect(customers()).toHaveLength(300);
    expect(vendors).toEqual(['Northgate Office Supplies', 'Pennant Stationers', 'Clearwater Utilities', 'Swift Couriers']);
    expect(new Set(uk().map((c) => c.id)).size).toBe(uk().length);
    expect(seedSageBooks()[0]!.data.contacts).toEqual(uk());
  });

  it('names exactly the companies the Gusto sandbox seeds, so a firm with those clients meets exact duplicates', () => {
    const gusto = seedGustoCompanies().map((c) => c.name);

    expect(gustoDuplicates.every((name) => gusto.includes(name))).toBe(true);
    expect(gustoDuplicates.map((name) => named(name).contactTypeIds)).toEqual(gustoDuplicates.map(() => ['CUSTOMER']));
    // And one that is the same Gusto company once punctuation and case are set aside, but not exactly.
    const near = named('Silver Logistics 4, Inc');
    expect(gusto).toContain('Silver Logistics 4 Inc');
    expect(matchKey(near.name)).toBe(matchKey('Silver Logistics 4 Inc'));
    expect(normaliseName(near.name)).not.toBe(normaliseName('Silver Logistics 4 Inc'));
  });

  it('has pairs differing only by "Ltd"/"Limited", "&"/"and", case and punctuation', () => {
    const pairs = [['Acme Co Ltd', 'Acme Co Limited'], ['Kingfisher Print Ltd', 'Kingfisher Print Limited'], ['Hale & Sons Builders', 'Hale and Sons Builders'],
      ['Marsh & Webb Limited', 'Marsh and Webb Ltd'], ['Brighton Dental Care', 'BRIGHTON DENTAL CARE'], ['St. Ives Surf School', 'St Ives Surf School'],
      ['Penrose-Whitby Opticians', 'Penrose Whitby Opticians']];

    for (const [a, b] of pairs) {
      expect([named(a!).name, named(b!).name]).toEqual([a, b]);
      expect(matchKey(a!)).toBe(matchKey(b!));
    }
    expect([named('Acme Co Ltd').registeredNumber, named('Acme Co Limited').registeredNumber]).toEqual(['08311452', '08311452']);
  });

  it('has customers sharing one email, and look-alike names at one email domain', () => {
    const bureau = customers().filter((c) => c.mainContactPerson?.email === 'accounts@ledgerhouse-bureau.example').map((c) => c.name);
    const tidewater = customers().filter((c) => c.mainContactPerson?.email?.endsWith('@tidewater.example')).map((c) => c.name);

    expect(bureau).toEqual(['Oakridge Farm Shop', 'Oakridge Holiday Lets', 'Pembrook Tea Rooms', 'Quarry Lane Garage']);
    expect(tidewater).toEqual(['Tidewater Joinery Ltd', 'Tidewater Joiners']);
    expect(similarNames(tidewater[0]!, tidewater[1]!)).toBe(true);
    expect(similarNames('Lowther Consulting', 'Lowther Consulting Group')).toBe(true);
  });

  it('gives many customers a VAT number (GB and nine digits, a few typed with spaces) and a company number', () => {
    const vat = customers().flatMap((c) => (c.taxNumber ? [c.taxNumber] : []));
    const companies = customers().filter((c) => c.registeredNumber);

    expect(vat.length).toBeGreaterThan(150);
    expect(vat.filter((v) => !/^GB\d{9}$/.test(v))).toEqual(['GB 204 6618 37']);
    expect(vat.every((v) => /^GB\d{9}$/.test(v.replace(/\s/g, '')))).toBe(true);
    expect(companies.length).toBeGreaterThan(80);
    expect(companies.every((c) => /^(\d{8}|SC\d{6})$/.test(c.registeredNumber!))).toBe(true);
    expect(customers().filter((c) => !c.mainContactPerson?.email).length).toBeGreaterThan(10);
  });

  it('spreads creation over the autumn before the hand-written customers, some edited later, so a mark cuts the list', () => {
    const generated = customers().slice(6);
    const created = generated.map((c) => c.createdAt).sort();
    const edited = generated.filter((c) => c.updatedAt > c.createdAt);

    expect(created[0]! >= '2025-09-01T08:00:00Z' && created.at(-1)! < '2026-01-05T00:00:00Z').toBe(true);
    expect(new Set(created.map((t) => t.slice(0, 7)))).toEqual(new Set(['2025-09', '2025-10', '2025-11', '2025-12']));
    expect(edited.length).toBeGreaterThan(40);
    expect(generated.every((c) => c.updatedAt < '2026-01-05T00:00:00Z')).toBe(true);
  });
});
