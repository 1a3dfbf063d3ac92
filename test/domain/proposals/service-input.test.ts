import { describe, expect, it } from 'vitest';
import { parseOffering } from '../../../domain/proposals/service-input.js';

const ctx = { country: 'GB', currency: 'GBP' };

describe('parseOffering', () => {
  it.each<[string, Record<string, string>, object]>([
    ['a fixed upfront service with standard VAT', { name: 'Accounts', price: '1,200' },
      { price: { kind: 'fixed', amount: 120000 }, billing: { kind: 'upfront' }, taxRate: { basisPoints: 2000 }, taxMode: 'exclusive', included: false }],
    ['a per-unit service with a minimum', { name: 'Payroll', 'unit-price': '12', unit: 'active employee', minimum: '60', billing: 'monthly' },
      { price: { kind: 'per-unit', unitLabel: 'active employee', unitPrice: 1200, minimum: 6000 },
        billing: { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } } }],
    ['an hourly on-completion service', { name: 'Advice', hourly: '90', billing: 'on-completion', tax: '0' },
      { price: { kind: 'hourly', hourlyRate: 9000 }, billing: { kind: 'on-completion' }, taxRate: { code: 'zero' } }],
    ['a range, VAT inclusive, quarterly from a date for 4 bills', { name: 'Tax', range: '500-900', prices: 'inclusive', billing: 'quarterly', start: '2026-04-01', end: '4' },
      { price: { kind: 'range', min: 50000, max: 90000 }, taxMode: 'inclusive',
        billing: { kind: 'recurring', frequency: 'quarterly', start: { kind: 'on-date', date: '2026-04-01' }, end: { kind: 'after', occurrences: 4 } } }],
    ['an included service with a ledger account and a job template (the older job-template= spelling)', { name: 'Helpline', price: '0', included: 'yes', ledger: '4000', 'job-template': 'tpl-1' },
      { included: true, ledgerAccount: '4000', xpmJobTemplate: 'tpl-1' }],
    ['a service linked to a job template by its id', { name: 'Accounts', price: '1200', 'xpm-template': ' tpl-2 ' }, { xpmJobTemplate: 'tpl-2' }],
  ])('reads %s', (_n, pairs, expected) => {
    expect(parseOffering(pairs, ctx)).toMatchObject({ ok: true, value: expected });
  });

  it.each<[Record<string, string>, string]>([
    [{ price: '10' }, 'name'],
    [{ name: 'X' }, 'price'],
    [{ name: 'X', price: '10.001' }, 'price'],
    [{ name: 'X', price: '-5' }, 'price'],
    [{ name: 'X', price: '10', hourly: '5' }, 'hourly'],
    [{ name: 'X', range: '900-500' }, 'range'],
    [{ name: 'X', price: '1', billing: 'fortnightly' }, 'billing'],
    [{ name: 'X', price: '1', billing: 'monthly', start: '2026-02-30' }, 'start'],
    [{ name: 'X', price: '1', billing: 'monthly', start: '2026-05-01', end: '2026-04-01' }, 'end'],
    [{ name: 'X', price: '1', billing: 'upfront', end: '3' }, 'end'],
    [{ name: 'X', price: '1', tax: '17' }, 'tax'],
    [{ name: 'X', price: '1', prices: 'gross' }, 'prices'],
    [{ name: 'X', price: '1', colour: 'red' }, 'colour'],
    [{ name: 'X', price: '1', minimum: '5' }, 'minimum'],
  ])('refuses %j naming the field %s', (pairs, field) => {
    expect(parseOffering(pairs, ctx)).toMatchObject({ ok: false, error: { kind: 'invalid-field', field, reason: expect.any(String) } });
  });

  it('edits only the fields given, keeping the rest', () => {
    const base = parseOffering({ name: 'Payroll', 'unit-price': '12', unit: 'employee', billing: 'monthly', end: '12' }, ctx);
    if (!base.ok) throw new Error('setup');

    const edited = parseOffering({ minimum: '50' }, ctx, base.value);

    expect(edited).toMatchObject({ ok: true, value: {
      name: 'Payroll', price: { kind: 'per-unit', unitPrice: 1200, unitLabel: 'employee', minimum: 5000 },
      billing: { kind: 'recurring', frequency: 'monthly', end: { kind: 'after', occurrences: 12 } },
    } });
  });

  it('keeps a service\'s job template on an edit that does not name one, and unlinks it with none', () => {
    const base = parseOffering({ name: 'Accounts', price: '1200', 'xpm-template': 'tpl-1' }, ctx);
    if (!base.ok) throw new Error('setup');

    const repriced = parseOffering({ price: '1300' }, ctx, base.value);
    const unlinked = parseOffering({ 'xpm-template': 'none' }, ctx, base.value);

    expect(repriced.ok && repriced.value.xpmJobTemplate).toBe('tpl-1');
    expect(unlinked.ok && 'xpmJobTemplate' in unlinked.value).toBe(false);
  });
});
