import type { Address, BusinessStructure } from '../practice/client.js';

/** A payroll company as our domain sees it, already translated from the provider's payload. */
export type CompanySnapshot = {
  readonly externalId: string;
  readonly name: string;
  readonly tradeName?: string;
  readonly businessStructure?: BusinessStructure;
  readonly streetAddress?: Address;
  readonly postalAddress?: Address;
  readonly phone?: string;
  readonly activeEmployees: number;
  readonly contractors: number;
  /** When the provider answered: the evidence timestamp for headcount-based billing. */
  readonly fetchedAt: Date;
};

/** What the headcount rule needs to know about one person on the payroll. */
export type PayrollPerson = {
  /** First day of employment (YYYY-MM-DD); absent means the provider did not say, treated as hired. */
  readonly hireDate?: string;
  readonly onboarded: boolean;
  /** Last working day of each termination (YYYY-MM-DD); one already in effect may be given as a past date. */
  readonly terminationDates: readonly string[];
  /** The provider's flag: terminated now or scheduled to be. A rehired person has it cleared. */
  readonly terminatedFlag: boolean;
};

/**
 * Gusto's "active" rule: hired (start date not in the future), onboarded, and no termination in
 * effect today. A termination scheduled for a later day still counts the person, as Gusto does.
 * `today` is the practice's local calendar date, so the count flips on the right morning.
 */
export const isActive = (p: PayrollPerson, today: string): boolean => {
  if (!p.onboarded) return false;
  if (p.hireDate !== undefined && p.hireDate > today) return false;
  if (!p.terminatedFlag) return true;
  if (p.terminationDates.length === 0) return false;
  return !p.terminationDates.some((lastDay) => lastDay < today);
};

export const countActive = (people: readonly PayrollPerson[], today: string): number =>
  people.reduce((n, p) => n + (isActive(p, today) ? 1 : 0), 0);
