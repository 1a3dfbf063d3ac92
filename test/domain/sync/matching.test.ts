import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import { asId } from '../../../domain/shared/ids.js';
import { matchKey, matchQuery } from '../../../domain/sync/matching.js';

const at = new Date('2026-03-01T09:00:00Z');
const client = (id: string, name: string, extra: Partial<Client> = {}): Client => ({
  id: asId(id), practiceId: asId('pr-1'), status: 'client', name, createdAt: at, updatedAt: at, ...extra,
});

describe('reading a company name for matching', () => {
  it('treats "Ltd" and "Limited", "&" and "and", case, punctuation and spacing alike', () => {
    expect(matchKey('ACME & Sons  Limited.')).toBe(matchKey('Acme and Sons Ltd'));
    expect(matchKey('O\'Brien-Smith, Ltd')).toBe(matchKey('obrien smith ltd'.replace('obrien', 'o brien')));
    expect(matchKey('Acme&Co')).toBe('acme and co');
  });

  it('keeps words that differ apart', () => {
    expect(matchKey('Acme Ltd')).not.toBe(matchKey('Acme LLP'));
    expect(matchKey('Acme Holdings Ltd')).not.toBe(matchKey('Acme Ltd'));
  });

  it('keeps letters beyond ASCII', () => {
    expect(matchKey('Café Zoë Limited')).toBe('café zoë ltd');
  });
});

describe('matching a typed query to a client', () => {
  const gamma = client('c3', 'Gamma LLP', { email: 'accounts@gamma.test', tradeName: 'Gamma Studio' });

  it('is exact on the name, trade name or email', () => {
    expect(matchQuery(client('c2', 'Beta & Sons Limited'), 'beta and sons ltd')).toEqual({ exact: true, by: 'name', why: 'name' });
    expect(matchQuery(gamma, 'gamma studio')).toEqual({ exact: true, by: 'trade name', why: 'trade name Gamma Studio' });
    expect(matchQuery(gamma, 'Accounts@Gamma.test')).toEqual({ exact: true, by: 'email', why: 'email accounts@gamma.test' });
  });

  it('is near on a part of one', () => {
    expect(matchQuery(gamma, 'gam')).toEqual({ exact: false, by: 'name', why: 'name' });
    expect(matchQuery(gamma, 'studio')).toEqual({ exact: false, by: 'trade name', why: 'trade name Gamma Studio' });
    expect(matchQuery(gamma, 'accounts@')).toEqual({ exact: false, by: 'email', why: 'email accounts@gamma.test' });
  });

  it('is nothing for an unrelated or empty query', () => {
    expect(matchQuery(gamma, 'delta')).toBeNull();
    expect(matchQuery(gamma, ' . ')).toBeNull();
  });
});
