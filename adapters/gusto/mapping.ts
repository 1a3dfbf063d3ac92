import type { Address, BusinessStructure } from '../../domain/practice/client.js';
import type { CompanySnapshot, PayrollPerson } from '../../domain/sync/company-snapshot.js';
import type { GustoCompany, GustoContractor, GustoEmployee, GustoLocation } from './schemas.js';

const structures: Record<string, BusinessStructure> = {
  'C-Corporation': 'corporation',
  'S-Corporation': 's-corporation',
  'Sole proprietor': 'sole-trader',
  LLC: 'llc',
  LLP: 'llp',
  'Limited partnership': 'partnership',
  'General partnership': 'partnership',
  'Co-ownership': 'partnership',
  'Joint venture': 'partnership',
  'Non-Profit': 'non-profit',
  Trusteeship: 'trust',
  Association: 'other',
};

export const toBusinessStructure = (entityType: string | null | undefined): BusinessStructure | undefined =>
  entityType ? (structures[entityType] ?? 'other') : undefined;

const present = (s: string | null | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);

export const toAddress = (l: GustoLocation): Address | undefined => {
  const line1 = present(l.street_1);
  if (!line1) return undefined;
  const line2 = present(l.street_2);
  const region = present(l.state);
  return {
    line1,
    ...(line2 ? { line2 } : {}),
    city: present(l.city) ?? '',
    ...(region ? { region } : {}),
    postcode: present(l.zip) ?? '',
    country: present(l.country) ?? 'USA',
  };
};

/** Postal address is the mailing location, street address the filing one; each falls back to the other. */
const pickLocations = (locations: readonly GustoLocation[]) => {
  const active = locations.filter((l) => l.active !== false);
  const mailing = active.find((l) => l.mailing_address) ?? active.find((l) => l.filing_address) ?? active[0];
  const filing = active.find((l) => l.filing_address) ?? mailing;
  return { mailing, filing };
};

export const toPayrollPerson = (e: GustoEmployee): PayrollPerson => {
  const hireDates = (e.jobs ?? []).map((j) => j.hire_date).filter((d): d is string => !!d).sort();
  const terminations = e.terminations ?? [];
  return {
    ...(hireDates[0] ? { hireDate: hireDates[0] } : {}),
    onboarded: e.onboarded === true,
    // A termination Gusto marks active is in effect already, whatever its date says.
    terminationDates: terminations.map((t) => (t.active ? '0000-00-00' : t.effective_date ?? '9999-12-31')),
    terminatedFlag: e.terminated === true,
  };
};

export const isActiveContractor = (c: GustoContractor): boolean => c.is_active !== false && c.onboarded !== false;

/** A company as read from Gusto: the people already counted, page by page, so no list of them is kept. */
export type GustoCompanyPayload = {
  readonly company: GustoCompany;
  readonly locations: readonly GustoLocation[];
  readonly activeEmployees: number;
  readonly contractors: number;
};

/** Translates Gusto's payloads into the domain snapshot. */
export const toCompanySnapshot = (p: GustoCompanyPayload, fetchedAt: Date): CompanySnapshot => {
  const { mailing, filing } = pickLocations(p.locations);
  const tradeName = present(p.company.trade_name);
  const structure = toBusinessStructure(p.company.entity_type);
  const postal = mailing && toAddress(mailing);
  const street = filing && toAddress(filing);
  const phone = present(mailing?.phone_number) ?? present(filing?.phone_number);
  return {
    externalId: p.company.uuid,
    name: p.company.name.trim(),
    ...(tradeName ? { tradeName } : {}),
    ...(structure ? { businessStructure: structure } : {}),
    ...(street ? { streetAddress: street } : {}),
    ...(postal ? { postalAddress: postal } : {}),
    ...(phone ? { phone } : {}),
    activeEmployees: p.activeEmployees,
    contractors: p.contractors,
    fetchedAt,
  };
};
