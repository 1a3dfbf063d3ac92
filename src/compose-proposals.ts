/**
 * Wires proposals: the MikroORM stores, SMTP mailer (only with SMTP_URL), link tokens, the use cases,
 * chat verbs, the acceptance page route and the reminder and expiry jobs. Part of the composition
 * root, called from compose.ts (and from the wiring test and the bench, so they run what the bot runs).
 */
import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import type { OfferedClients } from './apps/offered-search.js';
import type { AdoptAppClient } from './clients/adopt.js';
import type { FastifyInstance } from 'fastify';
import { CryptoLinkTokens, Sha256ContentHasher } from '../adapters/crypto/tokens.js';
import { MikroOrmChatThreadStore } from '../adapters/db/chat-thread-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmBillingScheduleStore } from '../adapters/db/billing-schedule-store.js';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { MikroOrmProposalStore } from '../adapters/db/proposal-store.js';
import { MikroOrmPracticeFlags } from '../adapters/db/app-stores.js';
import { MikroOrmServiceStore, MikroOrmTemplateStore } from '../adapters/db/service-store.js';
import { MikroOrmSmartBillingStore } from '../adapters/db/smart-billing-store.js';
import { mikroOrmUnitOfWork } from '../adapters/db/unit-of-work.js';
import { registerProposalPageRoutes } from '../adapters/http/routes/proposal-page.js';
import { createSmtpMailer } from '../adapters/mail/smtp-mailer.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, ContactStore, PracticeStore } from '../domain/practice/ports.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import { registerProposalJobs } from '../jobs/proposals.js';
import { smartBillingFlag } from './apps/settings.js';
import type { Notifier } from './notify.js';
import { createGustoCompanies } from './proposals/gusto-companies.js';
import { proposalCommands } from './proposals/commands.js';
import type { ProposalDeps } from './proposals/deps.js';
import type { JobTemplates } from './proposals/service-templates.js';
import { createProposalUseCases, proposalEvents } from './proposals/use-cases.js';

export type ProposalInfra = {
  readonly em: EntityManager;
  /** Where clients reach the bot: links are `${publicUrl}/p/{token}`. */
  readonly publicUrl: string;
  /** The install's 32-byte key; the page's CSRF key is derived from it. */
  readonly encryptionKey: Buffer;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly stores: {
    readonly practices: PracticeStore; readonly clients: ClientStore; readonly contacts: ContactStore;
    readonly links: AppLinkStore; readonly audit: AuditLog;
    /** Gusto's connected companies, for Smart Billing; without it no company is offered. */
    readonly connections?: ConnectionStore;
  };
  readonly notifier: Notifier;
  /** The customers connected apps offer for import, searched when a proposal names its client (bound late: apps are composed after proposals). */
  readonly offeredClients?: OfferedClients;
  /** The practice app's imported job templates, which services link to (composeStaff's `jobTemplates`). */
  readonly jobTemplates?: JobTemplates;
  /** Makes a picked app customer a client here (the import use cases' adopt). */
  readonly adoptAppClient?: AdoptAppClient;
  /** Asks the outbox drain to run soon (composeOutbox's `wake`): acceptance cards are posted by it. */
  readonly wakeOutbox: () => Promise<void>;
  /** Asks for an invoice run soon (billing's wake-up), after an acceptance or a completed service. */
  readonly wakeBilling?: () => Promise<void>;
  /** Job deployment's hooks on acceptance (composeJobs): the client write it records, and its wake-up. */
  readonly jobs?: Pick<ProposalDeps, 'writesOnAcceptance' | 'wakeJobs'>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Remind unsigned clients after this many days, at most this many times (defaults 3 and 2). */
  readonly reminders?: { readonly afterDays: number; readonly maxCount: number };
  /** Per-IP limit on the public page; the bench lifts it. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
};

const noConnections: ConnectionStore = {
  get: async () => null, list: async () => [], findByExternalId: async () => null, save: async () => {}, remove: async () => {},
};

export function composeProposals(x: ProposalInfra) {
  const mailer = createSmtpMailer(x.smtpUrl, x.mailFrom);
  const useCases = createProposalUseCases({
    services: new MikroOrmServiceStore(x.em), proposals: new MikroOrmProposalStore(x.em), templates: new MikroOrmTemplateStore(x.em),
    schedules: new MikroOrmBillingScheduleStore(x.em), smartBillings: new MikroOrmSmartBillingStore(x.em),
    gusto: createGustoCompanies({ connections: x.stores.connections ?? noConnections, links: x.stores.links, flags: new MikroOrmPracticeFlags(x.em), labsKey: smartBillingFlag }),
    practices: x.stores.practices, clients: x.stores.clients,
    contacts: x.stores.contacts, appLinks: x.stores.links, connections: x.stores.connections ?? noConnections, audit: x.stores.audit, notifier: x.notifier, mailer,
    transaction: mikroOrmUnitOfWork(x.em, (tx) => ({
      proposals: new MikroOrmProposalStore(tx), schedules: new MikroOrmBillingScheduleStore(tx), audit: new MikroOrmAuditLog(tx), outbox: new MikroOrmOutboxStore(tx),
    })),
    wakeOutbox: x.wakeOutbox,
    threadHomes: new MikroOrmChatThreadStore(x.em),
    ...(x.offeredClients ? { offeredClients: x.offeredClients } : {}),
    ...(x.adoptAppClient ? { adoptAppClient: x.adoptAppClient } : {}),
    ...(x.wakeBilling ? { wakeBilling: x.wakeBilling } : {}),
    ...x.jobs,
    links: new CryptoLinkTokens(), hasher: new Sha256ContentHasher(), clock: x.clock, ids: x.ids,
    publicUrl: x.publicUrl, reminders: x.reminders ?? { afterDays: 3, maxCount: 2 },
  });
  const csrfSecret = createHmac('sha256', x.encryptionKey).update('proposal-page-csrf').digest();

  const routes = [
    (app: FastifyInstance) => registerProposalPageRoutes(app, { web: useCases.web, csrfSecret, ...(x.rateLimit ? { rateLimit: x.rateLimit } : {}) }),
  ];
  const registerJobs = (agenda: Agenda) => registerProposalJobs(agenda, {
    inScope: x.inScope, sendReminders: () => useCases.sending.sendReminders(), expireDue: () => useCases.sending.expireDue(),
  });

  /** Smart Billing's side of Gusto's billing hooks (composeGusto's `billing`). */
  const gustoBilling = { onClientLinked: async (...a: Parameters<typeof useCases.smartBilling.reoffer>) => void (await useCases.smartBilling.reoffer(...a)), lastBilled: useCases.smartBilling.lastBilled,
    chosenCompany: useCases.smartBilling.chosenCompany };

  return { useCases, gustoBilling, events: proposalEvents, commands: proposalCommands(useCases, x.jobTemplates), routes, registerJobs, close: async () => mailer?.close() };
}

export type ProposalsApp = ReturnType<typeof composeProposals>;
