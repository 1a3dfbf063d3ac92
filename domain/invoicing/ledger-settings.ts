import { err, ok, type Result } from '../shared/result.js';
import type { TaxRate } from '../proposals/tax.js';
import { defaultInvoiceTerms, termDaysError, type InvoiceTerms } from './terms.js';

/** Something in the ledger a setting points at: a sales account, a tax rate. */
export type LedgerChoice = { readonly id: string; readonly name: string };

/** The ledger's tax rate as mapping offers it: its percentage, when the ledger says. */
export type LedgerTaxRate = LedgerChoice & { readonly basisPoints: number | null };

/**
 * How a practice invoices through its ledger app (Sage), as its app settings card sets them.
 * Nothing reaches the ledger until `enabled`, which needs a sales account and every used tax rate mapped.
 */
export type LedgerSettings = {
  readonly enabled: boolean;
  /** The default for clients that have not been switched on or off one by one. */
  readonly createInvoices: boolean;
  readonly salesAccount: LedgerChoice | null;
  readonly includeDescriptions: boolean;
  readonly terms: InvoiceTerms;
  /** Our tax rates by code ('standard', 'reduced', 'zero', …) → the ledger's rate. */
  readonly taxRates: Readonly<Record<string, LedgerChoice>>;
  /** Linked clients take the ledger's name changes on each sync (still as each client's sync level lets them). */
  readonly syncNames: boolean;
};

export const defaultLedgerSettings: LedgerSettings = {
  enabled: false, createInvoices: true, salesAccount: null, includeDescriptions: true,
  terms: defaultInvoiceTerms, taxRates: {}, syncNames: false,
};

/** What keeps the app from being enabled, in words for the settings card; empty when nothing does. */
export const enableBlockers = (s: LedgerSettings, usedRates: readonly TaxRate[]): string[] => [
  ...(s.salesAccount ? [] : ['choose a default sales account']),
  ...usedRates.filter((r) => !s.taxRates[r.code]).map((r) => `map ${r.name} to a ledger tax rate`),
];

/**
 * The ledger rate a rate of ours most likely is: the one with the same percentage and, among several
 * (zero-rated, exempt and no-VAT are all 0 %), the one whose name shares a word with ours.
 */
export const suggestedTaxRate = (ours: TaxRate, theirs: readonly LedgerTaxRate[]): LedgerTaxRate | undefined => {
  const same = theirs.filter((t) => t.basisPoints === ours.basisPoints);
  const words = new Set(`${ours.code} ${ours.name}`.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 2));
  return same.find((t) => t.name.toLowerCase().split(/[^a-z]+/).some((w) => words.has(w))) ?? (same.length === 1 ? same[0] : undefined);
};

export type SettingsInput = Readonly<Record<string, string>>;
export type SettingsProblem = { readonly field: string; readonly message: string };

const onOff = (value: string): boolean | null => (/^(on|yes|true|1)$/i.test(value) ? true : /^(off|no|false|0)$/i.test(value) ? false : null);
const days = (value: string): number | null => (/^\d+$/.test(value) ? Number(value) : null);

/**
 * Applies what the settings form submitted: `create-invoices=on|off`, `sales-account=ID`,
 * `descriptions=on|off`, `sync-names=yes|no`, `manual-days=N`, `automatic-days=N`, `tax-CODE=ID`. Every value is
 * checked against what the ledger offers; any problem refuses the whole change.
 */
export const applySettings = (
  s: LedgerSettings,
  input: SettingsInput,
  offered: { readonly accounts: readonly LedgerChoice[]; readonly taxRates: readonly LedgerChoice[]; readonly ourRates: readonly TaxRate[] },
): Result<LedgerSettings, SettingsProblem[]> => {
  const problems: SettingsProblem[] = [];
  let next: LedgerSettings = s;
  for (const [field, raw] of Object.entries(input)) {
    const value = raw.trim();
    if (field === 'create-invoices' || field === 'descriptions' || field === 'sync-names') {
      const flag = onOff(value);
      const key = ({ 'create-invoices': 'createInvoices', descriptions: 'includeDescriptions', 'sync-names': 'syncNames' } as const)[field];
      if (flag === null) problems.push({ field, message: field === 'sync-names' ? 'use yes or no' : 'use on or off' });
      else next = { ...next, [key]: flag };
    } else if (field === 'manual-days' || field === 'automatic-days') {
      const n = days(value) ?? Number.NaN;
      const refused = termDaysError(n);
      if (refused) problems.push({ field, message: refused });
      else next = { ...next, terms: { ...next.terms, [field === 'manual-days' ? 'manualDays' : 'automaticDays']: n } };
    } else if (field === 'sales-account') {
      // By id, by its full name, or by the nominal code its name starts with ("4000").
      const account = offered.accounts.find((a) => a.id === value || a.name.toLowerCase() === value.toLowerCase() || a.name.startsWith(`${value} `));
      if (!account) problems.push({ field, message: `the ledger has no sales account "${value}"` });
      else next = { ...next, salesAccount: { id: account.id, name: account.name } };
    } else if (field.startsWith('tax-')) {
      const code = field.slice(4);
      const ours = offered.ourRates.find((r) => r.code === code);
      const theirs = offered.taxRates.find((t) => t.id === value);
      if (!ours) problems.push({ field, message: `there is no tax rate "${code}" here` });
      else if (!theirs) problems.push({ field, message: `the ledger has no tax rate "${value}"` });
      else next = { ...next, taxRates: { ...next.taxRates, [code]: { id: theirs.id, name: theirs.name } } };
    } else if (field !== 'enable') {
      problems.push({ field, message: 'not a setting' });
    }
  }
  return problems.length ? err(problems) : ok(next);
};
