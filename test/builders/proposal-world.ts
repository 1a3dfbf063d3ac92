import { newPractice, type Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import { asId } from '../../domain/shared/ids.js';
import { CryptoLinkTokens, Sha256ContentHasher } from '../../adapters/crypto/tokens.js';
import { createChatCore } from '../../src/commands/core.js';
import { proposalCommands } from '../../src/proposals/commands.js';
import type { JobTemplates } from '../../src/proposals/service-templates.js';
import type { Actor } from '../../src/actor.js';
import type { ProposalDeps } from '../../src/proposals/deps.js';
import { createGustoCompanies } from '../../src/proposals/gusto-companies.js';
import { createProposalUseCases } from '../../src/proposals/use-cases.js';
import { fixedClock, sequentialIds } from '../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemoryContactStore } from '../fakes/in-memory-clients.js';
import { InMemoryPracticeFlags } from '../fakes/in-memory-apps.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../fakes/in-memory-practice.js';
import {
  InMemoryBillingScheduleStore, InMemoryProposalStore, InMemoryServiceStore, InMemorySmartBillingStore, InMemoryTemplateStore, RecordingMailer,
} from '../fakes/in-memory-proposals.js';
import { recordingNotifier } from '../fakes/recording-notifier.js';
import { InMemoryOutboxStore } from '../fakes/in-memory-outbox.js';
import { inMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work.js';
import { createOutboxUseCases } from '../../src/outbox/use-cases.js';
import { chatNotificationWriter } from '../../src/outbox/writes.js';

/** A practice with every proposal port faked in memory, its use cases, and a chat core to type commands into. */
export async function proposalWorld(opts: { mailer?: boolean; now?: string; practiceId?: string; stores?: Partial<ProposalDeps>; jobTemplates?: JobTemplates } = {}) {
  const clock = fixedClock(opts.now ?? '2026-03-02T10:00:00Z');
  const practices = new InMemoryPracticeStore();
  const users = new InMemoryUserStore();
  const practice: Practice = { ...newPractice(asId(opts.practiceId ?? 'pr1'), 'Smith & Co', clock.now()), timeZone: 'Europe/London' };
  await practices.create(practice, { platform: 'shell', workspaceId: 'local' });
  const user: User = {
    id: asId('u1'), practiceId: practice.id, displayName: 'Ann', role: 'admin',
    identities: [{ platform: 'shell', workspaceId: 'local', userId: 'ann' }], createdAt: clock.now(),
  };
  await users.save(user);
  const mailer = opts.mailer ? new RecordingMailer() : null;
  const appLinks = new InMemoryAppLinkStore();
  const connections = new InMemoryConnectionStore();
  const flags = new InMemoryPracticeFlags();
  const notifier = recordingNotifier();
  const ids = sequentialIds();
  const outboxStore = new InMemoryOutboxStore();
  // No scheduler: a wake drains in place, so the card an acceptance queues is posted before it returns.
  const outbox = createOutboxUseCases({
    store: outboxStore, transaction: inMemoryUnitOfWork({ outbox: outboxStore }), writers: (app, kind) => (app === 'chat' && kind === 'notification' ? chatNotificationWriter(notifier) : undefined),
    appName: (app) => app, wake: async () => void (await outbox.drain()), clock, ids, jitter: () => 0.5, log: { warn: () => {}, error: () => {} },
  });
  const proposals = opts.stores?.proposals ?? new InMemoryProposalStore();
  const schedules = opts.stores?.schedules ?? new InMemoryBillingScheduleStore();
  const audit = opts.stores?.audit ?? new InMemoryAuditLog();
  const deps: ProposalDeps = {
    services: new InMemoryServiceStore(), proposals, templates: new InMemoryTemplateStore(),
    schedules, smartBillings: new InMemorySmartBillingStore(),
    gusto: createGustoCompanies({ connections, links: appLinks, flags, labsKey: 'labs.smart-billing' }), clients: new InMemoryClientStore(), contacts: new InMemoryContactStore(),
    practices, appLinks, connections, audit, notifier, mailer,
    transaction: inMemoryUnitOfWork({ proposals, schedules, audit, outbox: outboxStore }), wakeOutbox: async () => void (await outbox.drain()),
    links: new CryptoLinkTokens(), hasher: new Sha256ContentHasher(), clock, ids,
    publicUrl: 'http://127.0.0.1:3000', reminders: { afterDays: 3, maxCount: 2 }, ...opts.stores,
  };
  const uc = createProposalUseCases(deps);
  const core = createChatCore({
    practices, users, audit: deps.audit, clock, ids: deps.ids, commands: proposalCommands(uc, opts.jobTemplates), roleForNewUser: () => 'admin',
  });
  const say = async (text: string) =>
    (await core.handle({ identity: { platform: 'shell', workspaceId: 'local', userId: 'ann' }, displayName: 'Ann', text })).cards;
  const actor: Actor = { practice, user };
  return {
    deps, uc, say, actor, clock, practice, mailer, connections, flags, outbox, outboxStore,
    notifier: deps.notifier as ReturnType<typeof recordingNotifier>,
    audit: deps.audit as InMemoryAuditLog,
  };
}
export type ProposalWorld = Awaited<ReturnType<typeof proposalWorld>>;

/** The token at the end of a /p/{token} link. */
export const tokenOf = (link: string): string => link.slice(link.lastIndexOf('/') + 1);
