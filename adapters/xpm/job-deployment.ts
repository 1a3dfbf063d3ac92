/**
 * What XPM's job and client-create writers need from the bot (src/job-deployment/deploy.ts), and the
 * one step both share: the XPM client a client of ours is, found or made. XPM has no idempotency key,
 * so the step looks before it makes: the linked client; else a live XPM client with exactly the same
 * name that no other client here is linked to (the help article's "exact name match"); else a new
 * one with the client's contacts. It runs for one send of a client at a time in every process, so an
 * acceptance's client write and two job writes racing never make two XPM clients, and a client made
 * just before a crash is found by its name on the next try.
 */
import type { CreatedJob } from '../../domain/jobs/ports.js';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import type { JobClient } from '../../src/job-deployment/deploy.js';
import type { XpmApi, XpmClientInput } from './client.js';
import { defined } from './mapping.js';

export type XpmJobDeployment = {
  /** The client as it is now here, with the XPM client it is linked to, if any. */
  clientOf(practiceId: PracticeId, app: string, clientId: ClientId): Promise<JobClient>;
  /** Whether no other client here is linked to this XPM client. */
  recordFree(practiceId: PracticeId, app: string, externalId: string, clientId: ClientId): Promise<boolean>;
  /** Links the client to the XPM client; the UUID it is linked to in the end, null when that one became another client's. */
  linked(practiceId: PracticeId, app: string, clientId: ClientId, externalId: string, name: string): Promise<string | null>;
  /** Runs `work` for one send of a client at a time, in every process. */
  oneClientAtATime<T>(connection: AppConnection, clientId: ClientId, work: () => Promise<T>): Promise<T>;
  /** Where XPM put a job: recorded on the request, and announced in the proposal's thread. */
  jobCreated(entry: OutboxEntry, job: CreatedJob): Promise<void>;
};

/**
 * "An exact name match in XPM": the same letters in the same case. Only spaces at either end are
 * forgiven, since neither app shows them; "ACME LTD" may be another business, so it gets its own client.
 */
export const sameName = (a: string, b: string): boolean => a.trim() === b.trim();

/** A new XPM client from ours: details, contacts (the first is primary), and partner and manager when XPM knows them. */
export const newClientInput = (c: JobClient): XpmClientInput => defined({
  name: c.name, email: c.email, phone: c.phone, fax: c.fax, website: c.website, streetAddress: c.streetAddress, postalAddress: c.postalAddress,
  contacts: c.contacts.length ? c.contacts : undefined, partnerUuid: c.partnerId, managerUuid: c.managerId,
});

/** The XPM client UUID of our client: linked, found by exact name, or made, then linked. */
export async function ensureXpmClient(api: XpmApi, connection: AppConnection, d: XpmJobDeployment, clientId: ClientId): Promise<string> {
  const { practiceId, provider: app } = connection;
  const known = await d.clientOf(practiceId, app, clientId);
  if (known.linkedId) return known.linkedId;
  return d.oneClientAtATime(connection, clientId, async () => {
    // Read again under the lease: the send that held it before may have linked the client.
    const c = await d.clientOf(practiceId, app, clientId);
    if (c.linkedId) return c.linkedId;
    const named = (await api.searchClients(c.name.trim())).filter((x) => !x.deleted && !x.archived && sameName(x.name, c.name));
    for (const x of named) {
      if (!(await d.recordFree(practiceId, app, x.uuid, clientId))) continue;
      const linked = await d.linked(practiceId, app, clientId, x.uuid, x.name);
      if (linked) return linked;
    }
    const made = await api.addClient(newClientInput(c));
    const linked = await d.linked(practiceId, app, clientId, made.uuid, made.name);
    if (!linked) throw new Error(`the new Xero Practice Manager client ${made.uuid} is already linked to another client`);
    return linked;
  });
}
