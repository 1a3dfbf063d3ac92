import { err, ok, type Result } from '../shared/result.js';

/**
 * A tax rate in basis points (2000 = 20%), so 17.5% is exact. A line carries a copy of the rate it
 * was priced with: later changes to the practice's rates never reprice a sent proposal.
 */
export type TaxRate = { readonly code: string; readonly name: string; readonly basisPoints: number };

const ratesByCountry: Record<string, readonly TaxRate[]> = {
  GB: [
    { code: 'standard', name: 'VAT 20%', basisPoints: 2000 },
    { code: 'reduced', name: 'VAT 5%', basisPoints: 500 },
    { code: 'zero', name: 'Zero rated', basisPoints: 0 },
    { code: 'exempt', name: 'Exempt', basisPoints: 0 },
    { code: 'none', name: 'No VAT', basisPoints: 0 },
  ],
  IE: [
    { code: 'standard', name: 'VAT 23%', basisPoints: 2300 },
    { code: 'reduced', name: 'VAT 13.5%', basisPoints: 1350 },
    { code: 'zero', name: 'Zero rated', basisPoints: 0 },
  ],
  AU: [{ code: 'standard', name: 'GST 10%', basisPoints: 1000 }, { code: 'free', name: 'GST free', basisPoints: 0 }],
  NZ: [{ code: 'standard', name: 'GST 15%', basisPoints: 1500 }, { code: 'zero', name: 'Zero rated', basisPoints: 0 }],
  CA: [{ code: 'standard', name: 'GST 5%', basisPoints: 500 }, { code: 'none', name: 'No tax', basisPoints: 0 }],
  ZA: [{ code: 'standard', name: 'VAT 15%', basisPoints: 1500 }, { code: 'zero', name: 'Zero rated', basisPoints: 0 }],
};

/** US sales tax on professional services is rare and varies by state, so the default there is none. */
const fallback: readonly TaxRate[] = [{ code: 'none', name: 'No tax', basisPoints: 0 }];

/** The rates a practice offers, by its country. The first is the default for new services. */
export const practiceTaxRates = (country: string): readonly TaxRate[] => ratesByCountry[country.toUpperCase()] ?? fallback;

export const defaultTaxRate = (country: string): TaxRate => practiceTaxRates(country)[0]!;

export type TaxRateError = { kind: 'unknown-tax-rate'; input: string; known: readonly string[] };

/** Finds a rate by code ("standard") or by its percentage as typed ("20", "20%"). */
export const findTaxRate = (country: string, input: string): Result<TaxRate, TaxRateError> => {
  const rates = practiceTaxRates(country);
  const wanted = input.trim().toLowerCase();
  const byCode = rates.find((r) => r.code === wanted);
  if (byCode) return ok(byCode);
  const percent = /^(\d{1,2}(?:\.\d{1,2})?)%?$/.exec(wanted);
  const bp = percent ? Math.round(Number(percent[1]) * 100) : NaN;
  const byPercent = rates.find((r) => r.basisPoints === bp);
  if (byPercent) return ok(byPercent);
  return err({ kind: 'unknown-tax-rate', input, known: rates.map((r) => `${r.code} (${formatRate(r)})`) });
};

export const formatRate = (rate: TaxRate): string => `${rate.basisPoints / 100}%`;
