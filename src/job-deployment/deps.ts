import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule } from '../../domain/billing/schedule.js';
import type { JobStore } from '../../domain/jobs/ports.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { ClientStore, PracticeStore } from '../../domain/practice/ports.js';
import type { ServiceStore } from '../../domain/proposals/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

/** What asking for a job writes, in one transaction: the request (its unique key) and the outbox row that makes it. */
export type JobStores = { readonly jobs: JobStore; readonly outbox: OutboxStore };

export type JobReconcilerDeps = {
  /**
   * `owingJobs`: what the periodic run reads — the open schedules, and those accepted lately (an
   * upfront fee may be invoiced before its job was asked for when a wake was lost); after an
   * acceptance, every schedule of that proposal.
   */
  readonly schedules: Pick<BillingScheduleStore, 'listForProposal'> & { owingJobs(practiceId: PracticeId): Promise<BillingSchedule[]> };
  readonly jobs: Pick<JobStore, 'requestedKeys'>;
  /** The library services: which template each links to now. */
  readonly services: Pick<ServiceStore, 'list'>;
  readonly practices: Pick<PracticeStore, 'get'>;
  /** Client names, kept on the write so its cards name the client without a read. */
  readonly clients: Pick<ClientStore, 'get'>;
  /** The app that makes the practice's jobs (capability 'create-jobs', an active connection); null when none. */
  readonly jobApp: (practiceId: PracticeId) => Promise<string | null>;
  readonly transaction: UnitOfWork<JobStores>;
  /** Asks the outbox drain to run soon; the periodic drain sends the rows if this is lost. */
  readonly wakeOutbox: () => Promise<void>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Days a one-off job runs; defaultOneOffDays unless given. */
  readonly oneOffDays?: number;
};
