import type { SmartBillingSetting } from '../proposals/smart-billing.js';
import type { BillingSchedule } from './schedule.js';
import type { EnabledScheduleSmartBilling, LastBilled, ScheduleSmartBilling } from './smart-billing.js';

const forSchedule = (s: SmartBillingSetting, kept?: LastBilled): ScheduleSmartBilling =>
  s.status === 'pending'
    ? { status: 'pending' }
    : { status: 'enabled', companyId: s.company.externalId, companyName: s.company.name, ...(kept ? { lastBilled: kept } : {}) };

/**
 * Carries the proposal's choices into its billing schedules (matched by line). A schedule keeps the
 * last bill it recorded while its company stays the same; a line with no choice loses Smart Billing.
 */
export const withSmartBilling = (schedules: readonly BillingSchedule[], settings: readonly SmartBillingSetting[]): BillingSchedule[] =>
  schedules.map((s) => {
    const { smartBilling: current, ...rest } = s;
    const setting = settings.find((x) => x.lineId === s.line.id && x.proposalId === s.proposalId);
    if (!setting) return rest as BillingSchedule;
    const sameCompany = current?.status === 'enabled' && setting.status === 'enabled' && current.companyId === setting.company.externalId;
    return { ...rest, smartBilling: forSchedule(setting, sameCompany ? current.lastBilled : undefined) } as BillingSchedule;
  });

/** The most recent bill among a client's Smart Billing schedules: what the next count is compared with. */
export const lastBilledOf = (schedules: readonly BillingSchedule[]): LastBilled | undefined =>
  schedules
    .flatMap((s) => (s.smartBilling?.status === 'enabled' && s.smartBilling.lastBilled ? [s.smartBilling.lastBilled] : []))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];

/** The company chosen on a client's Smart Billing schedules (the most recently billed one first), if any. */
export const chosenCompanyOf = (schedules: readonly BillingSchedule[]): EnabledScheduleSmartBilling | undefined =>
  schedules
    .flatMap((s) => (s.smartBilling?.status === 'enabled' ? [s.smartBilling] : []))
    .sort((a, b) => (b.lastBilled?.at.getTime() ?? 0) - (a.lastBilled?.at.getTime() ?? 0))[0];
