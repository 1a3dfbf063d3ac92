import type { EntityManager } from '@mikro-orm/postgresql';
import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule, ScheduleId } from '../../domain/billing/schedule.js';
import type { ScheduleSmartBilling } from '../../domain/billing/smart-billing.js';
import type { ProposalLine } from '../../domain/proposals/content.js';
import type { Span } from '../../domain/proposals/pricing.js';
import type { ProposalId } from '../../domain/proposals/proposal.js';
import type { RecurringEnd } from '../../domain/proposals/service.js';
import type { Frequency } from '../../domain/shared/calendar.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { BillingScheduleRow } from './entities/billing-schedule.entity.js';

type Json = Record<string, unknown>;

const toRow = (s: BillingSchedule): BillingScheduleRow => ({
  id: s.id, practiceId: s.practiceId, proposalId: s.proposalId, proposalNumber: s.proposalNumber, clientId: s.clientId,
  kind: s.kind, status: s.status, line: structuredClone(s.line) as unknown as Json, amount: structuredClone(s.amount) as unknown as Json,
  needsConfirmation: s.needsConfirmation, createdAt: s.createdAt,
  dueOn: s.kind === 'upfront' ? s.dueOn : null,
  completedOn: s.kind === 'on-completion' ? s.completedOn ?? null : null,
  completedBy: s.kind === 'on-completion' ? s.completedBy ?? null : null,
  frequency: s.kind === 'recurring' ? s.frequency : null,
  startsOn: s.kind === 'recurring' ? s.startsOn : null,
  endRule: s.kind === 'recurring' ? (structuredClone(s.end) as unknown as Json) : null,
  smartBilling: s.smartBilling ? { ...s.smartBilling, ...(s.smartBilling.status === 'enabled' && s.smartBilling.lastBilled ? { lastBilled: { ...s.smartBilling.lastBilled, at: s.smartBilling.lastBilled.at.toISOString() } } : {}) } : null,
});

/** Dates inside JSON come back as strings. */
const smartBillingOf = (json: Json | null | undefined): { smartBilling?: ScheduleSmartBilling } => {
  if (!json) return {};
  const s = json as unknown as ScheduleSmartBilling & { lastBilled?: { quantity: number; at: string } };
  if (s.status === 'enabled' && s.lastBilled) return { smartBilling: { ...s, lastBilled: { quantity: s.lastBilled.quantity, at: new Date(s.lastBilled.at) } } };
  return { smartBilling: s as ScheduleSmartBilling };
};

export const toDomain = (r: BillingScheduleRow): BillingSchedule => {
  const base = {
    id: r.id as ScheduleId, practiceId: r.practiceId as PracticeId, proposalId: r.proposalId as ProposalId, proposalNumber: r.proposalNumber,
    clientId: r.clientId as ClientId, line: r.line as unknown as ProposalLine, amount: r.amount as unknown as Span,
    needsConfirmation: r.needsConfirmation, createdAt: r.createdAt, ...smartBillingOf(r.smartBilling),
  };
  if (r.kind === 'upfront') return { ...base, kind: 'upfront', status: r.status as 'due' | 'invoiced', dueOn: r.dueOn! };
  if (r.kind === 'on-completion') {
    return { ...base, kind: 'on-completion', status: r.status as 'pending' | 'due' | 'invoiced',
      ...(r.completedOn ? { completedOn: r.completedOn } : {}), ...(r.completedBy ? { completedBy: r.completedBy } : {}) };
  }
  return { ...base, kind: 'recurring', status: r.status as 'active' | 'ended', frequency: r.frequency as Frequency, startsOn: r.startsOn!, end: r.endRule as unknown as RecurringEnd };
};

/** Upfront and on-completion 'due', recurring 'active': the statuses that may still bill. */
const billableStatuses: BillingSchedule['status'][] = ['due', 'active'];

const fresh = { disableIdentityMap: true, orderBy: { createdAt: 'asc', id: 'asc' } } as const;

export class MikroOrmBillingScheduleStore implements BillingScheduleStore {
  constructor(private readonly em: EntityManager) {}

  async get(practiceId: PracticeId, id: ScheduleId) {
    const row = await this.em.findOne(BillingScheduleRow, { practiceId, id }, { disableIdentityMap: true });
    return row ? toDomain(row) : null;
  }
  async listForProposal(practiceId: PracticeId, proposalId: ProposalId) {
    return (await this.em.find(BillingScheduleRow, { practiceId, proposalId }, fresh)).map(toDomain);
  }
  async listForClient(practiceId: PracticeId, clientId: ClientId) {
    return (await this.em.find(BillingScheduleRow, { practiceId, clientId }, fresh)).map(toDomain);
  }
  async listBillable(practiceId: PracticeId) {
    return (await this.em.find(BillingScheduleRow, { practiceId, status: { $in: billableStatuses } }, fresh)).map(toDomain);
  }
  async saveMany(schedules: readonly BillingSchedule[]) {
    if (schedules.length) await this.em.upsertMany(BillingScheduleRow, schedules.map(toRow));
  }
}
