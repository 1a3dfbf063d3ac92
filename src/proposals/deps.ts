import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule } from '../../domain/billing/schedule.js';
import type { WriteRequest } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, ContactStore, PracticeStore } from '../../domain/practice/ports.js';
import type {
  ContentHasher, GustoCompanies, LinkTokens, Mailer, ProposalStore, ServiceStore, SmartBillingStore, TemplateStore,
} from '../../domain/proposals/ports.js';
import type { Accepted } from '../../domain/proposals/proposal.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import type { Notifier } from '../notify.js';
import type { OfferedClients } from '../apps/offered-search.js';
import type { AdoptAppClient } from '../clients/adopt.js';
import type { ChatThreadStore } from '../threads.js';

/** What a client's step on a proposal (accepted, viewed, declined) writes, all in one transaction. */
export type ProposalStepStores = {
  readonly proposals: ProposalStore;
  readonly schedules: BillingScheduleStore;
  readonly audit: AuditLog;
  readonly outbox: OutboxStore;
};

export type ProposalDeps = {
  readonly services: ServiceStore;
  readonly proposals: ProposalStore;
  readonly templates: TemplateStore;
  readonly schedules: BillingScheduleStore;
  readonly smartBillings: SmartBillingStore;
  readonly gusto: GustoCompanies;
  readonly clients: ClientStore;
  readonly contacts: ContactStore;
  readonly practices: PracticeStore;
  readonly appLinks: AppLinkStore;
  /** Connected apps, whose names for a client are matched when a client is named. */
  readonly connections: ConnectionStore;
  /** Clients connected apps offer for import (Sage customers), searched when a proposal's client is named; none when unset. */
  readonly offeredClients?: OfferedClients;
  /** Makes an offered client a client here, saved and linked, when a person picks it for a proposal. */
  readonly adoptAppClient?: AdoptAppClient;
  readonly audit: AuditLog;
  readonly notifier: Notifier;
  /** Keeps the channel a proposal was sent from as its thread's home, so its later events are posted there too; unset, they go only where routed. */
  readonly threadHomes?: Pick<ChatThreadStore, 'setHome'>;
  /** The proposal, its schedules, the audit line and the queued writes and cards of a step commit together. */
  readonly transaction: UnitOfWork<ProposalStepStores>;
  /** Asks the outbox drain to run soon; the periodic drain sends the rows if this is lost. */
  readonly wakeOutbox: () => Promise<void>;
  /** Asks for an invoice run soon: an acceptance or a completed service made something due. The 15-minute run catches a lost wake. */
  readonly wakeBilling?: () => Promise<void>;
  /** Writes to apps an acceptance causes (an app's outbound-on-accept writes); none when unset. Read before the acceptance's transaction. */
  readonly writesOnAcceptance?: (p: Accepted, schedules: readonly BillingSchedule[]) => readonly WriteRequest[] | Promise<readonly WriteRequest[]>;
  /** Asks for the accepted proposal's jobs soon (job deployment's wake-up); the hourly run catches a lost wake for billable schedules. */
  readonly wakeJobs?: (p: Accepted) => Promise<void>;
  /** Null when SMTP_URL is not set: links are then shared from chat only. */
  readonly mailer: Mailer | null;
  readonly links: LinkTokens;
  readonly hasher: ContentHasher;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Where clients reach the bot's web server, e.g. https://ignition.example.com (no trailing slash). */
  readonly publicUrl: string;
  /** Remind unsigned clients after `afterDays` days, then every `afterDays` days, at most `maxCount` times. */
  readonly reminders: { readonly afterDays: number; readonly maxCount: number };
};

export const proposalLink = (d: Pick<ProposalDeps, 'publicUrl'>, token: string): string =>
  `${d.publicUrl.replace(/\/$/, '')}/p/${token}`;
