/**
 * Wires job deployment: the reconciler and its jobs, the client write an acceptance records, what
 * XPM's writers read and record, and the job failure card. Part of the composition root, called from
 * compose.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { MikroOrmBillingScheduleStore } from '../adapters/db/billing-schedule-store.js';
import { MikroOrmConnectionLock } from '../adapters/db/connection-lock.js';
import { schedulesOwingJobs } from '../adapters/db/job-schedules.js';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { MikroOrmServiceStore } from '../adapters/db/service-store.js';
import { mikroOrmUnitOfWork } from '../adapters/db/unit-of-work.js';
import type { JobStore } from '../domain/jobs/ports.js';
import type { AppLinkStore, ClientStore, ConnectionStore, ContactStore, PracticeStore } from '../domain/practice/ports.js';
import type { ProposalId } from '../domain/proposals/proposal.js';
import { calendarDateIn } from '../domain/shared/calendar.js';
import type { Clock, IdGenerator } from '../domain/shared/clock.js';
import type { PracticeId } from '../domain/shared/ids.js';
import { registerJobDeploymentJobs, wakeJobDeployment } from '../jobs/job-deployment.js';
import type { RegisteredApp } from './apps/app.js';
import type { NotificationEvent } from './notify.js';
import { jobDeploymentFailedCard } from './job-deployment/cards.js';
import { createJobDeployment } from './job-deployment/deploy.js';
import type { JobStores } from './job-deployment/deps.js';
import { createJobReconciler } from './job-deployment/reconcile.js';

export type JobsInfra = {
  readonly em: EntityManager;
  readonly stores: {
    readonly practices: PracticeStore; readonly clients: ClientStore; readonly contacts: ContactStore;
    readonly connections: ConnectionStore; readonly links: AppLinkStore;
  };
  /** The job store on an entity manager (MikroOrmJobStore's constructor). */
  readonly jobStore: (em: EntityManager) => JobStore;
  /** The registered apps; those with capability 'create-jobs' make jobs. */
  readonly apps: readonly Pick<RegisteredApp, 'declaration'>[];
  readonly wakeOutbox: () => Promise<void>;
  readonly agenda?: Agenda;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly onError?: (error: unknown, what: string) => void;
};

/** How far back the hourly run looks for closed schedules whose job a lost wake never asked for. */
const lostWakeMs = 7 * 86_400_000;

/**
 * How long one send holds a client: its search and add may each wait on XPM's minute limit, a 429's
 * Retry-After and a timed-out try, so the lease outlasts them (the outbox's own claim is 5 minutes).
 */
const clientLeaseMs = 10 * 60_000;

export function composeJobs(x: JobsInfra) {
  const { em, stores } = x;
  const jobs = x.jobStore(em);
  const transaction = mikroOrmUnitOfWork<JobStores>(em, (tx) => ({ jobs: x.jobStore(tx), outbox: new MikroOrmOutboxStore(tx) }));
  const jobApps = new Map(x.apps.filter((a) => a.declaration.capabilities.includes('create-jobs')).map((a) => [a.declaration.id as string, { name: a.declaration.name }]));
  const deployment = createJobDeployment({
    clients: stores.clients, contacts: stores.contacts, links: stores.links, connections: stores.connections, lock: new MikroOrmConnectionLock(em, { leaseMs: clientLeaseMs }),
    jobs, transaction, jobApps, clock: x.clock, ids: x.ids,
  });
  const scheduleStore = new MikroOrmBillingScheduleStore(em);
  const owing = schedulesOwingJobs(em);
  const reconciler = createJobReconciler({
    schedules: { listForProposal: (...a) => scheduleStore.listForProposal(...a), owingJobs: (practiceId) => owing(practiceId, new Date(x.clock.now().getTime() - lostWakeMs)) }, jobs, services: new MikroOrmServiceStore(em), practices: stores.practices, clients: stores.clients,
    jobApp: deployment.jobApp, transaction, wakeOutbox: x.wakeOutbox, clock: x.clock, ids: x.ids,
  });

  /** The practice's local today. */
  const runFor = async (practiceId: PracticeId, proposalId?: ProposalId) => {
    const practice = await stores.practices.get(practiceId);
    if (!practice) return null;
    return reconciler.run(practiceId, calendarDateIn(x.clock.now(), practice.timeZone), proposalId ? { proposalId } : {});
  };
  const runAll = async () => {
    // One practice's failure does not stop the others' jobs; the next hour tries it again.
    for (const practice of await stores.practices.list()) await runFor(practice.id).catch((e: unknown) => x.onError?.(e, `job deployment for practice ${practice.id}`));
  };

  return {
    reconciler, deployment,
    /** What it posts besides its failure card (which the outbox's failed events cover). */
    events: ['job.created'] as const satisfies readonly NotificationEvent[],
    /** The job card a given-up job write posts (job.deployment_failed). */
    failureCards: { job: jobDeploymentFailedCard },
    /** For composeProposals: the client write an acceptance records, and the wake-up after it (inline without a scheduler). */
    onAcceptance: {
      writesOnAcceptance: (p: Parameters<typeof deployment.clientWritesOnAcceptance>[0]) => deployment.clientWritesOnAcceptance(p),
      wakeJobs: async (p: Parameters<typeof deployment.clientWritesOnAcceptance>[0]) => {
        if (x.agenda) await wakeJobDeployment(x.agenda, { practiceId: p.practiceId, proposalId: p.id });
        else await runFor(p.practiceId, p.id);
      },
    },
    runAll,
    registerJobs: (agenda: Agenda) => registerJobDeploymentJobs(agenda, {
      inScope: x.inScope, runAll,
      runAccepted: (a) => runFor(a.practiceId as PracticeId, a.proposalId as ProposalId),
    }),
  };
}

export type JobsApp = ReturnType<typeof composeJobs>;
