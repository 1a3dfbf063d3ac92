import type { ClientId, PracticeId } from '../shared/ids.js';
import type { ProposalId } from '../proposals/proposal.js';
import type { BillingSchedule, ScheduleId } from './schedule.js';

export interface BillingScheduleStore {
  get(practiceId: PracticeId, id: ScheduleId): Promise<BillingSchedule | null>;
  listForProposal(practiceId: PracticeId, proposalId: ProposalId): Promise<BillingSchedule[]>;
  listForClient(practiceId: PracticeId, clientId: ClientId): Promise<BillingSchedule[]>;
  /** The schedules that may still bill: upfront or on-completion 'due', recurring 'active'. What an invoice run reads. */
  listBillable(practiceId: PracticeId): Promise<BillingSchedule[]>;
  /** Inserts or replaces by id. */
  saveMany(schedules: readonly BillingSchedule[]): Promise<void>;
}
