/**
 * Job deployment into XPM as a bot process runs it, for the job kill test: the job reconciler, the
 * client-create and job writers and the outbox drain, wired as compose-jobs.ts and compose-apps.ts
 * wire them over the real PostgreSQL stores and the real XPM client against an XPM sandbox over
 * loopback. Given a kill switch, every store, transaction and XPM call dies with it; without one it
 * is the restarted bot.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmAppLinkStore } from '../../adapters/db/app-link-store.js';
import { MikroOrmBillingScheduleStore } from '../../adapters/db/billing-schedule-store.js';
import { MikroOrmClientStore } from '../../adapters/db/client-store.js';
import { MikroOrmConnectionLock } from '../../adapters/db/connection-lock.js';
import { MikroOrmConnectionStore } from '../../adapters/db/connection-store.js';
import { MikroOrmJobStore } from '../../adapters/db/job-store.js';
import { schedulesOwingJobs } from '../../adapters/db/job-schedules.js';
import { MikroOrmOutboxStore } from '../../adapters/db/outbox-store.js';
import { MikroOrmPracticeStore } from '../../adapters/db/practice-store.js';
import { createSecretBox } from '../../adapters/db/secret-box.js';
import { MikroOrmServiceStore } from '../../adapters/db/service-store.js';
import { mikroOrmUnitOfWork } from '../../adapters/db/unit-of-work.js';
import { createXpmClient } from '../../adapters/xpm/client.js';
import { withClientCreate } from '../../adapters/xpm/client-create-writer.js';
import { xpmJobWriter } from '../../adapters/xpm/job-writer.js';
import type { OutboxWriter } from '../../domain/outbox/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import type { AppWriter } from '../../src/apps/app.js';
import { createJobDeployment } from '../../src/job-deployment/deploy.js';
import type { JobStores } from '../../src/job-deployment/deps.js';
import { createJobReconciler } from '../../src/job-deployment/reconcile.js';
import { createOutboxUseCases } from '../../src/outbox/use-cases.js';
import { dying, type Switch } from './kill-switch.js';

export type XpmJobsWorld = {
  readonly em: () => EntityManager;
  readonly apiBase: string;
  readonly encryptionKey: Buffer;
  readonly clock: Clock;
  /** Shared by every bot process of the world, as random ids would never repeat across restarts. */
  readonly ids: IdGenerator;
  readonly claimMs: number;
};

const quiet = { warn: () => {}, error: () => {} };
/** Only acceptance creates reach a client writer here; a field change would be a bug in the test. */
const noFieldWrites: AppWriter = {
  lookup: () => Promise.reject(new Error('no client field writes in this world')),
  create: () => Promise.reject(new Error('no client field writes in this world')),
};

export function xpmJobsBot(w: XpmJobsWorld, k: Switch | null) {
  const em = w.em();
  const wrap = <T extends object>(target: T, name: string): T => (k ? dying(target, k, name) : target);
  const unitOfWork = <S>(storesOn: (tx: EntityManager) => S): UnitOfWork<S> => {
    const uow = mikroOrmUnitOfWork(em, storesOn);
    return k ? { run: (work) => k.around('transaction', () => uow.run(work)) } : uow;
  };
  const jobs = wrap(new MikroOrmJobStore(em), 'jobs');
  const clients = wrap(new MikroOrmClientStore(em), 'clients');
  const links = wrap(new MikroOrmAppLinkStore(em), 'links');
  const connections = wrap(new MikroOrmConnectionStore(em, createSecretBox(w.encryptionKey)), 'connections');
  const transaction = unitOfWork<JobStores>((tx) => ({ jobs: wrap(new MikroOrmJobStore(tx), 'tx.jobs'), outbox: wrap(new MikroOrmOutboxStore(tx), 'tx.outbox') }));
  const deployment = createJobDeployment({
    clients, links, connections, jobs, transaction, lock: new MikroOrmConnectionLock(em),
    jobApps: new Map([['xpm', { name: 'Xero Practice Manager' }]]), clock: w.clock, ids: w.ids,
  });
  const owing = schedulesOwingJobs(em);
  const reconciler = createJobReconciler({
    schedules: wrap({ owingJobs: (p: PracticeId) => owing(p, new Date(0)), listForProposal: (...a: Parameters<MikroOrmBillingScheduleStore['listForProposal']>) => new MikroOrmBillingScheduleStore(em).listForProposal(...a) }, 'schedules'), jobs, services: new MikroOrmServiceStore(em),
    practices: wrap(new MikroOrmPracticeStore(em), 'practices'), clients, jobApp: deployment.jobApp, transaction,
    wakeOutbox: async () => {}, clock: w.clock, ids: w.ids,
  });

  // Not about pacing: no limits here (the sandbox's are lifted too), and a Retry-After is not waited out.
  const api = (tenantId: string, token: () => Promise<string>) =>
    wrap(createXpmClient({ tenantId, token, baseUrl: w.apiBase, limits: {}, baseDelayMs: 5, sleep: async () => {} }), 'xpm');
  const writers = {
    client: withClientCreate(noFieldWrites, { api, deployment }),
    job: xpmJobWriter({ api, deployment }),
  };
  const connected = async (practiceId: PracticeId): Promise<[() => Promise<string>, AppConnection]> => {
    const connection = (await connections.list(practiceId, 'xpm' as never)).find((c) => c.status === 'active');
    if (!connection) throw Object.assign(new Error('XPM is not connected'), { kind: 'reconnect-needed' });
    return [async () => connection.tokens.accessToken, connection];
  };
  const viaConnection = (writer: AppWriter): OutboxWriter => ({
    lookup: async (e) => writer.lookup(e, ...(await connected(e.practiceId))),
    create: async (e) => writer.create(e, ...(await connected(e.practiceId))),
  });
  const posted: string[] = [];
  const chat: OutboxWriter = { lookup: async () => null, create: async (e) => { posted.push(e.id); return `posted:${e.id}`; } };
  const outbox = createOutboxUseCases({
    store: wrap(new MikroOrmOutboxStore(em), 'outbox'),
    transaction: unitOfWork((tx) => ({ outbox: wrap(new MikroOrmOutboxStore(tx), 'tx.outbox') })),
    writers: (app, kind) => (app === 'chat' ? chat : app === 'xpm' && (kind === 'client' || kind === 'job') ? viaConnection(writers[kind]) : undefined),
    budgets: () => ({ perRun: 9, concurrency: 2 }),
    appName: (app) => app, wake: async () => {}, clock: w.clock, ids: w.ids, jitter: () => 0.5, log: quiet, claimMs: w.claimMs,
  });

  return { run: reconciler.run, drain: outbox.drain, clientWritesOnAcceptance: deployment.clientWritesOnAcceptance };
}
