import { describe, expect, it } from 'vitest';
import { applySettings, defaultLedgerSettings, enableBlockers, suggestedTaxRate, type LedgerTaxRate } from '../../../domain/invoicing/ledger-settings.js';
import { practiceTaxRates } from '../../../domain/proposals/tax.js';

const ourRates = practiceTaxRates('GB');
const standard = ourRates.find((r) => r.code === 'standard')!;
const zero = ourRates.find((r) => r.code === 'zero')!;
const exempt = ourRates.find((r) => r.code === 'exempt')!;
const sageRates: LedgerTaxRate[] = [
  { id: 'GB_STANDARD', name: 'Standard 20.00%', basisPoints: 2000 },
  { id: 'GB_LOWER', name: 'Lower Rate 5.00%', basisPoints: 500 },
  { id: 'GB_ZERO', name: 'Zero Rated 0.00%', basisPoints: 0 },
  { id: 'GB_EXEMPT', name: 'Exempt 0.00%', basisPoints: 0 },
  { id: 'GB_NO_TAX', name: 'No Tax', basisPoints: 0 },
];
const accounts = [{ id: 'la-4000', name: '4000 Sales Type A' }, { id: 'la-4900', name: '4900 Other sales' }];
const offered = { accounts, taxRates: sageRates, ourRates };

describe('ledger settings', () => {
  it('cannot be enabled without a sales account and a mapping for every tax rate the service library uses', () => {
    expect(enableBlockers(defaultLedgerSettings, [standard, zero])).toEqual([
      'choose a default sales account', 'map VAT 20% to a ledger tax rate', 'map Zero rated to a ledger tax rate',
    ]);
    const ready = { ...defaultLedgerSettings, salesAccount: accounts[0]!, taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' }, zero: { id: 'GB_ZERO', name: 'Zero' } } };
    expect(enableBlockers(ready, [standard, zero])).toEqual([]);
  });

  it('suggests the ledger rate with the same percentage, telling the 0 % rates apart by name', () => {
    expect(suggestedTaxRate(standard, sageRates)?.id).toBe('GB_STANDARD');
    expect(suggestedTaxRate(zero, sageRates)?.id).toBe('GB_ZERO');
    expect(suggestedTaxRate(exempt, sageRates)?.id).toBe('GB_EXEMPT');
  });

  it('applies a submitted form: switches, terms, a sales account by nominal code and tax mappings', () => {
    const applied = applySettings(defaultLedgerSettings, {
      'create-invoices': 'off', descriptions: 'no', 'manual-days': '0', 'automatic-days': '7', 'sales-account': '4900', 'tax-standard': 'GB_STANDARD',
    }, offered);

    expect(applied).toEqual({ ok: true, value: {
      ...defaultLedgerSettings, createInvoices: false, includeDescriptions: false, terms: { manualDays: 0, automaticDays: 7 },
      salesAccount: { id: 'la-4900', name: '4900 Other sales' }, taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard 20.00%' } },
    } });
  });

  it('refuses the whole change when any value is wrong, naming each field', () => {
    const applied = applySettings(defaultLedgerSettings, { 'manual-days': '-1', 'sales-account': '9999', 'tax-standard': 'GB_NOPE', 'tax-luxury': 'GB_STANDARD', colour: 'red' }, offered);

    expect(applied.ok).toBe(false);
    expect(!applied.ok && applied.error.map((p) => p.field)).toEqual(['manual-days', 'sales-account', 'tax-standard', 'tax-luxury', 'colour']);
  });

  it('keeps name sync off until a person turns it on with sync-names=yes, and back off with no', () => {
    const on = applySettings(defaultLedgerSettings, { 'sync-names': 'yes' }, offered);
    const off = on.ok ? applySettings(on.value, { 'sync-names': 'no' }, offered) : on;
    const wrong = applySettings(defaultLedgerSettings, { 'sync-names': 'sometimes' }, offered);

    expect(defaultLedgerSettings.syncNames).toBe(false);
    expect(on).toEqual({ ok: true, value: { ...defaultLedgerSettings, syncNames: true } });
    expect(off).toEqual({ ok: true, value: defaultLedgerSettings });
    expect(wrong).toEqual({ ok: false, error: [{ field: 'sync-names', message: 'use yes or no' }] });
  });
});
