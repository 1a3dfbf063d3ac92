import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, ContactStore, PracticeStore } from '../../domain/practice/ports.js';
import type {
  ContentHasher, GustoCompanies, LinkTokens, Mailer, ProposalStore, ServiceStore, SmartBillingStore, TemplateStore,
} from '../../domain/proposals/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { Notifier } from '../notify.js';

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
  readonly audit: AuditLog;
  readonly notifier: Notifier;
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
