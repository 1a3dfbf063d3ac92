import { describe, expect, it } from 'vitest';
import { parseClientChanges } from '../../../domain/practice/client.js';
import { changeSetting, newPractice } from '../../../domain/practice/practice.js';
import { asId } from '../../../domain/shared/ids.js';

const practice = newPractice(asId('p1'), 'Ledger & Co', new Date('2026-01-01T00:00:00Z'));

describe('practice settings', () => {
  it.each([
    ['timezone', 'America/New_York', { timeZone: 'America/New_York' }],
    ['country', 'us', { country: 'US', currency: 'USD' }],
    ['invoice-day', '28', { invoiceDay: 28 }],
    ['invoice-day', '31', { invoiceDay: 31 }],
    ['name', '  Ledger and Partners ', { name: 'Ledger and Partners' }],
  ])('sets %s to %s', (setting, value, expected) => {
    expect(changeSetting(practice, setting, value)).toEqual({ ok: true, value: { ...practice, ...expected } });
  });

  it.each([
    ['timezone', 'Mars/Base', 'IANA time zone'],
    ['timezone', 'EST5EDT-ish', 'IANA time zone'],
    ['invoice-day', '32', '1 to 31'],
    ['invoice-day', '2.5', '1 to 31'],
    ['country', 'XX', 'supported countries'],
    ['colour', 'blue', 'settings are'],
  ])('refuses %s=%s and says why', (setting, value, reason) => {
    const result = changeSetting(practice, setting, value);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.reason).toContain(reason);
  });
});

describe('client field input', () => {
  it('turns typed pairs into checked changes', () => {
    expect(parseClientChanges({ email: 'Accounts@Acme.Example', phone: '+44 20 7946 0000', 'trade-name': 'Acme', status: 'lead', structure: 'llp' }))
      .toEqual({ ok: true, value: { email: 'accounts@acme.example', phone: '+44 20 7946 0000', tradeName: 'Acme', status: 'lead', businessStructure: 'llp' } });
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ phone: 'call me' }, 'phone'],
    [{ website: 'nope' }, 'website'],
    [{ status: 'prospect' }, 'status'],
    [{ colour: 'blue' }, 'colour'],
    [{ name: '' }, 'name'],
  ])('names the field it refuses: %j', (pairs, field) => {
    const result = parseClientChanges(pairs);

    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-field', field } });
  });
});
