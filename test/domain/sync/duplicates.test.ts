import { describe, expect, it } from 'vitest';
import type { ClientId } from '../../../domain/shared/ids.js';
import { indexClients, matchRecord, reasonsText, similarNames } from '../../../domain/sync/duplicates.js';
import { aClient, aRecord } from '../../builders/app-clients.js';

const names = (cs: readonly { client: { name: string } }[]) => cs.map((c) => c.client.name);
const kinds = (cs: readonly { reasons: readonly { kind: string }[] }[]) => cs.map((c) => c.reasons.map((r) => r.kind));

describe('matching an app record to clients here', () => {
  it('calls the same name a duplicate, whatever the case, spacing or a trailing full stop', () => {
    const index = indexClients([aClient('Acme Co Ltd')]);

    const m = matchRecord(aRecord('s1', '  ACME co   ltd.'), index);

    expect(names(m.duplicates)).toEqual(['Acme Co Ltd']);
    expect(m.duplicates[0]?.reasons).toEqual([{ kind: 'name', text: 'the same name' }]);
    expect(m.possible).toEqual([]);
  });

  it('calls the same email a duplicate, any case', () => {
    const index = indexClients([aClient('Harbour Books', { email: 'Accounts@Harbour.example' })]);

    const m = matchRecord(aRecord('s1', 'Harbour Bookkeeping Services', { email: 'accounts@harbour.example' }), index);

    expect(names(m.duplicates)).toEqual(['Harbour Books']);
    expect(reasonsText(m.duplicates[0]!.reasons)).toBe('the same email, accounts@harbour.example');
  });

  it('suggests "Ltd"/"Limited", "&"/"and" and punctuation variants as possible, with that reason', () => {
    const index = indexClients([aClient('Acme Co Limited'), aClient('Smith and Jones')]);

    const ltd = matchRecord(aRecord('s1', 'Acme Co Ltd'), index);
    const and = matchRecord(aRecord('s2', 'Smith & Jones'), index);

    expect([names(ltd.possible), names(and.possible)]).toEqual([['Acme Co Limited'], ['Smith and Jones']]);
    expect(ltd.duplicates).toEqual([]);
    expect(reasonsText(ltd.possible[0]!.reasons)).toBe('the same name once "Ltd"/"Limited", "&"/"and", case and punctuation are set aside');
  });

  it('suggests the same VAT number however it is spaced or prefixed', () => {
    const index = indexClients([aClient('Northwind Trading', { vatNumber: 'GB 123 4567 89' })]);

    const m = matchRecord(aRecord('s1', 'NW Trading', { vatNumber: '123456789' }), index);

    expect(names(m.possible)).toEqual(['Northwind Trading']);
    expect(reasonsText(m.possible[0]!.reasons)).toBe('the same VAT number, GB123456789');
  });

  it('suggests the same company number, padded to eight digits', () => {
    const index = indexClients([aClient('Blue Door Lettings', { companyNumber: '01234567' })]);

    const m = matchRecord(aRecord('s1', 'BD Lettings', { companyNumber: '1234567' }), index);

    expect(kinds(m.possible)).toEqual([['company-number']]);
    expect(reasonsText(m.possible[0]!.reasons)).toBe('the same company number, 01234567');
  });

  it('suggests a similar name at the same email domain, but not a different name there', () => {
    const index = indexClients([aClient('Hartley Joinery', { email: 'jo@hartley.example' }), aClient('Zed Plumbing', { email: 'z@hartley.example' })]);

    const m = matchRecord(aRecord('s1', 'Hartley Joiners', { email: 'office@hartley.example' }), index);

    expect(names(m.possible)).toEqual(['Hartley Joinery']);
    expect(reasonsText(m.possible[0]!.reasons)).toBe('an email at hartley.example and a similar name');
  });

  it('ignores a shared public mail domain: gmail says nothing about being one business', () => {
    const index = indexClients([aClient('Hartley Joinery', { email: 'hartley@gmail.com' })]);

    const m = matchRecord(aRecord('s1', 'Hartley Joiners', { email: 'joiners@gmail.com' }), index);

    expect(m).toEqual({ duplicates: [], possible: [] });
  });

  it('leaves a rejected client out of the possible matches, and keeps the others', () => {
    const acme = aClient('Acme Co Limited');
    const index = indexClients([acme, aClient('Acme Holdings', { vatNumber: 'GB123456789' })]);
    const record = aRecord('s1', 'Acme Co Ltd', { vatNumber: 'GB123456789' });

    const m = matchRecord(record, index, new Set<ClientId>([acme.id]));

    expect(names(m.possible)).toEqual(['Acme Holdings']);
  });

  it('still shows an exact duplicate a person rejected: importing it would make a second client of one name', () => {
    const acme = aClient('Acme Ltd');

    const m = matchRecord(aRecord('s1', 'Acme Ltd'), indexClients([acme]), new Set([acme.id]));

    expect(names(m.duplicates)).toEqual(['Acme Ltd']);
  });

  it('gives one candidate per client with every reason, strongest first', () => {
    const both = aClient('Acme Co Limited', { vatNumber: 'GB123456789', companyNumber: '01234567' });
    const index = indexClients([aClient('Acme Trading', { vatNumber: 'GB123456789' }), both]);

    const m = matchRecord(aRecord('s1', 'Acme Co Ltd', { vatNumber: 'GB123456789', companyNumber: '01234567' }), index);

    expect(names(m.possible)).toEqual(['Acme Co Limited', 'Acme Trading']);
    expect(kinds(m.possible)[0]).toEqual(['normalised-name', 'vat-number', 'company-number']);
  });

  it('matches many records against one index built once', () => {
    const clients = Array.from({ length: 2000 }, (_, i) => aClient(`Client ${i} Ltd`, { id: `c${i}` as ClientId, email: `c${i}@firm${i}.example` }));
    const index = indexClients(clients);

    const found = Array.from({ length: 2000 }, (_, i) => matchRecord(aRecord(`s${i}`, `Client ${i} Limited`, { email: `c${i}@firm${i}.example` }), index));

    expect(found.every((m, i) => m.duplicates.length === 1 && m.duplicates[0]!.client.id === `c${i}` && m.possible.length === 0)).toBe(true);
    expect(index.byEmail.size).toBe(2000);
  });
});

describe('similar names', () => {
  it('reads a small misspelling or one name starting the other as similar, and different businesses as not', () => {
    expect([
      similarNames('Hartley Joinery Ltd', 'Hartley Joiners'),
      similarNames('Hartley', 'Hartley Joinery'),
      similarNames('Hartley Joinery', 'Zed Plumbing'),
      similarNames('The Company Ltd', 'Group Holdings'),
    ]).toEqual([true, true, false, false]);
  });
});
