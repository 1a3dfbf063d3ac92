import type { ConnectionLock } from '../../domain/apps/ports.js';
import type { AppId } from '../../domain/apps/app-id.js';
import { onAcceptance, type ClientCreatePayload } from '../../domain/jobs/client-write.js';
import type { CreatedJob, JobStore } from '../../domain/jobs/ports.js';
import { newOutboxEntry, type OutboxEntry, type WriteRequest } from '../../domain/outbox/entry.js';
import type { Client, ContactDetails } from '../../domain/practice/client.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { AppLinkStore, ClientStore, ConnectionStore, ContactStore } from '../../domain/practice/ports.js';
import type { Accepted } from '../../domain/proposals/proposal.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import type { ClientId, ConnectionId, PracticeId } from '../../domain/shared/ids.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { notificationWrite } from '../outbox/writes.js';
import { jobCreatedCard } from './cards.js';
import type { JobStores } from './deps.js';
import type { JobWritePayload } from './reconcile.js';

/** The client as the app makes it: its details, contacts, and the app's ids of its partner and manager (when they are known there). */
export type JobClient = Pick<Client, 'name' | 'email' | 'phone' | 'fax' | 'website' | 'streetAddress' | 'postalAddress'> & {
  readonly clientId: ClientId;
  readonly contacts: readonly ContactDetails[];
  readonly partnerId?: string;
  readonly managerId?: string;
  /** The app's record this client is linked to, if any. */
  readonly linkedId: string | null;
};

export type JobDeploymentDeps = {
  readonly clients: Pick<ClientStore, 'get'>;
  readonly contacts?: Pick<ContactStore, 'listForClient'>;
  readonly links: AppLinkStore;
  readonly connections: Pick<ConnectionStore, 'list'>;
  /** A lease in the database (MikroOrmConnectionLock): one finder-or-maker of a client's app record at a time, in every process. */
  readonly lock: ConnectionLock;
  readonly jobs: Pick<JobStore, 'get'>;
  readonly transaction: UnitOfWork<JobStores>;
  /** The apps that make jobs (capability 'create-jobs'), by id, with the name cards use. */
  readonly jobApps: ReadonlyMap<string, { readonly name: string }>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
};

/** A failure a person must fix before Retry can help: the outbox gives the row up at once and posts the card. */
const refusal = (message: string) => Object.assign(new Error(message), { kind: 'rejected' });

/**
 * What deploying jobs needs beyond the reconciler: which app makes a practice's jobs, the client
 * write an acceptance records, and what the app's writers read and record (the client to find or
 * make, its link, the job made).
 */
export function createJobDeployment(d: JobDeploymentDeps) {
  // Sends in this process queue here for a client's lease, instead of polling the database for it.
  const waiting = new Map<string, Promise<unknown>>();

  /**
   * The practice's job app: the first with an active connection, or (`orWaiting`) one waiting for a
   * person to reconnect it, whose writes wait in the outbox behind its reconnect card.
   */
  const jobApp = async (practiceId: PracticeId, o: { orWaiting?: boolean } = {}): Promise<string | null> => {
    const counts = (status: string) => status === 'active' || (!!o.orWaiting && status === 'needs-reconnect');
    for (const app of d.jobApps.keys()) if ((await d.connections.list(practiceId, app as AppId)).some((c) => counts(c.status))) return app;
    return null;
  };

  return {
    jobApp,

    /**
     * The write an acceptance records when a job app is connected and the client has no record there
     * yet: a lead stays here until it accepts, then it is found (exact name) or made in the app, with
     * or without a service linked to a template. Read before the acceptance's transaction; it only reads.
     */
    async clientWritesOnAcceptance(p: Accepted): Promise<WriteRequest[]> {
      // Recorded even while the app needs reconnecting: the acceptance happens once, and the write is sent once it is back.
      const app = await jobApp(p.practiceId, { orWaiting: true });
      if (!app) return [];
      if ((await d.links.forClient(p.practiceId, p.clientId)).some((l) => l.provider === app)) return [];
      const payload: ClientCreatePayload = { clientId: p.clientId, name: p.clientName, create: true };
      return [{ practiceId: p.practiceId, app, kind: 'client', sourceId: p.clientId, period: onAcceptance, payload }];
    },

    /** The client to find or make, read now (so a detail fixed after a failure applies on Retry). */
    async clientOf(practiceId: PracticeId, app: string, clientId: ClientId): Promise<JobClient> {
      const c = await d.clients.get(practiceId, clientId);
      if (!c) throw refusal(`the client ${clientId} no longer exists here`);
      const link = (await d.links.forClient(practiceId, clientId)).find((l) => l.provider === app);
      const contacts = c.contacts?.length ? c.contacts : (await d.contacts?.listForClient(practiceId, clientId))?.map(({ name, salutation, email, phone, mobile }) =>
        Object.fromEntries(Object.entries({ name, salutation, email, phone, mobile }).filter(([, v]) => v !== undefined)) as ContactDetails) ?? [];
      return Object.fromEntries(Object.entries({
        clientId: c.id, name: c.name, email: c.email, phone: c.phone, fax: c.fax, website: c.website, streetAddress: c.streetAddress, postalAddress: c.postalAddress,
        contacts, partnerId: c.partner?.externalId, managerId: c.manager?.externalId, linkedId: link?.externalId ?? null,
      }).filter(([, v]) => v !== undefined)) as JobClient;
    },

    /** Whether the app's record found by name may be this client's: no other client here is linked to it. */
    async recordFree(practiceId: PracticeId, app: string, externalId: string, clientId: ClientId): Promise<boolean> {
      const holder = await d.links.find(practiceId, app as AppId, externalId);
      return !holder || holder.clientId === clientId;
    },

    /**
     * Links the client to the app's record found or made for it, the name as both sides agree on it
     * (what a later name sync compares against). The id the client is linked to in the end: the one
     * given, or the one it was linked to meanwhile; null when the record became another client's.
     */
    async linked(practiceId: PracticeId, app: string, clientId: ClientId, externalId: string, name: string): Promise<string | null> {
      const done = await d.links.link({ practiceId, provider: app as AppId, externalId, clientId, syncLevel: 'all', baseline: { name } });
      if (done.ok) return externalId;
      return done.error.kind === 'client-linked' ? done.error.externalId : null;
    },

    /**
     * Runs `work` — finding or making the app's record of a client — for one send at a time per client,
     * across processes: the acceptance's client write and two job writes of a new client, sent at once,
     * would each find no record and make one. Keyed beside the connection's own lease, so a token
     * refresh inside `work` never waits on it.
     */
    oneClientAtATime<T>(connection: AppConnection, clientId: ClientId, work: () => Promise<T>): Promise<T> {
      const key = `${connection.id}:client:${clientId}` as ConnectionId;
      const turn = (waiting.get(key) ?? Promise.resolve()).then(() => d.lock.withLock(connection.practiceId, key, work));
      const settled = turn.catch(() => undefined);
      waiting.set(key, settled);
      void settled.then(() => { if (waiting.get(key) === settled) waiting.delete(key); });
      return turn;
    },

    /** Where the app put the job: kept on the request, and `job.created` posted in the proposal's thread (once, with the record). */
    async jobCreated(entry: OutboxEntry, job: CreatedJob): Promise<void> {
      const p = entry.payload as unknown as JobWritePayload;
      const now = d.clock.now();
      const card = jobCreatedCard(p, d.jobApps.get(entry.app)?.name ?? entry.app, job);
      await d.transaction.run(async (tx) => {
        if (!(await tx.jobs.markCreated(entry.practiceId, p.scheduleId, p.period, job))) return;
        await tx.outbox.enqueue(newOutboxEntry(notificationWrite(entry.practiceId, 'job.created', card, `${p.scheduleId}:${p.period}`), d.ids.next(), now));
      });
    },
  };
}

export type JobDeployment = ReturnType<typeof createJobDeployment>;
