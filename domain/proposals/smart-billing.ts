import type { BillingSchedule } from '../billing/schedule.js';
import type { EnabledScheduleSmartBilling, LastBilled, ScheduleSmartBilling } from '../billing/smart-billing.js';
import type { ClientId, PracticeId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
import type { ProposalLine } from './content.js';
import type { Proposal, ProposalId, ProposalStatus } from './proposal.js';

/**
 * Smart Billing on proposal lines: a per-unit service (priced per active employee) can bill the
 * count Gusto reports at invoice time. The firm picks the Gusto company now, or "later" when the
 * client has no Gusto yet; a later choice stays pending and is offered again once the client's
 * company is linked.
 */
export type GustoCompany = { readonly externalId: string; readonly name: string };

type SettingBase = {
  readonly practiceId: PracticeId;
  readonly proposalId: ProposalId;
  readonly lineId: string;
  readonly clientId: ClientId;
  readonly serviceName: string;
  readonly chosenBy: string;
  readonly chosenAt: Date;
};
export type PendingSmartBilling = SettingBase & { readonly status: 'pending'; readonly offeredAt?: Date };
export type EnabledSmartBilling = SettingBase & { readonly status: 'enabled'; readonly company: GustoCompany };
export type SmartBillingSetting = PendingSmartBilling | EnabledSmartBilling;

export type SmartBillingChoice = { readonly kind: 'company'; readonly company: GustoCompany } | { readonly kind: 'later' } | { readonly kind: 'off' };

export type SmartBillingError =
  | { kind: 'closed'; status: ProposalStatus }
  | { kind: 'not-eligible'; service: string; reason: string }
  | { kind: 'unknown-company'; name: string; known: readonly string[] };

/** Proposals whose lines may still be billed: before acceptance, and the accepted lines after. */
const changeable: readonly ProposalStatus[] = ['draft', 'sent', 'viewed', 'accepted'];

/** The lines that could be invoiced: the accepted snapshot once accepted, otherwise every option and add-on. */
export const billableLines = (p: Proposal): readonly ProposalLine[] =>
  p.status === 'accepted'
    ? [...p.acceptance.snapshot.lines, ...p.acceptance.snapshot.addOns]
    : [...p.content.tiers.flatMap((t) => t.lines), ...p.content.addOns];

/** Why a line can't use Smart Billing, or null when it can. */
export const whyNotEligible = (line: ProposalLine): string | null => {
  if (line.included) return 'it is included in the package, so it is never invoiced';
  if (line.price.kind !== 'per-unit') return `it has a ${line.price.kind} price; Smart Billing needs a per-unit price (e.g. per active employee)`;
  return null;
};

export const eligibleLines = (p: Proposal): ProposalLine[] => billableLines(p).filter((l) => whyNotEligible(l) === null);

/** A company by name (case-insensitive) or id among those offered. */
export const pickCompany = (name: string, offered: readonly GustoCompany[]): Result<GustoCompany, SmartBillingError> => {
  const wanted = name.trim().toLowerCase();
  const found = offered.find((c) => c.name.toLowerCase() === wanted || c.externalId === name.trim());
  return found ? ok(found) : err({ kind: 'unknown-company', name, known: offered.map((c) => c.name) });
};

/** The client's own company first, then the other connected ones, each once. */
export const companyOptions = (linked: GustoCompany | null, connected: readonly GustoCompany[]): GustoCompany[] =>
  [...(linked ? [linked] : []), ...connected.filter((c) => c.externalId !== linked?.externalId)];

export type SmartBillingChange = { readonly save: SmartBillingSetting[]; readonly removeLineIds: string[] };

/** Applies one choice to the given lines of a proposal (a service sits on one line per option). */
export const chooseSmartBilling = (
  p: Proposal, lines: readonly ProposalLine[], choice: SmartBillingChoice, by: string, now: Date,
): Result<SmartBillingChange, SmartBillingError> => {
  if (!changeable.includes(p.status)) return err({ kind: 'closed', status: p.status });
  for (const line of lines) {
    const reason = whyNotEligible(line);
    if (reason) return err({ kind: 'not-eligible', service: line.name, reason });
  }
  if (choice.kind === 'off') return ok({ save: [], removeLineIds: lines.map((l) => l.id) });
  const base = (l: ProposalLine) => ({
    practiceId: p.practiceId, proposalId: p.id, lineId: l.id, clientId: p.clientId, serviceName: l.name, chosenBy: by, chosenAt: now,
  });
  const save: SmartBillingSetting[] = lines.map((l) =>
    choice.kind === 'later' ? { ...base(l), status: 'pending' } : { ...base(l), status: 'enabled', company: choice.company });
  return ok({ save, removeLineIds: [] });
};

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

/** The company chosen on a client's Smart Billing schedules (the most recently billed one first), if any. */
export const chosenCompanyOf = (schedules: readonly BillingSchedule[]): EnabledScheduleSmartBilling | undefined =>
  schedules
    .flatMap((s) => (s.smartBilling?.status === 'enabled' ? [s.smartBilling] : []))
    .sort((a, b) => (b.lastBilled?.at.getTime() ?? 0) - (a.lastBilled?.at.getTime() ?? 0))[0];

/** The most recent bill among a client's Smart Billing schedules: what the next count is compared with. */
export const lastBilledOf = (schedules: readonly BillingSchedule[]): LastBilled | undefined =>
  schedules
    .flatMap((s) => (s.smartBilling?.status === 'enabled' && s.smartBilling.lastBilled ? [s.smartBilling.lastBilled] : []))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
