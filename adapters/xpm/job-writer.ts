/**
 * The outbox's 'job' writer for XPM: one job per (schedule, period), from the service's template,
 * under the client's XPM client (found or made first: job-deployment.ts). XPM has no idempotency
 * key, so our marker goes out as the job's ClientNumber and the client's jobs are searched for it
 * before any add: a job whose add reached XPM before a crash is found, never made twice. Partner and
 * manager are assigned after the add (XPM's add takes neither); the assignment is repeated when the
 * look-up finds the job, since a crash may have come between the two.
 */
import type { AccessToken } from '../../domain/apps/ports.js';
import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { ClientId } from '../../domain/shared/ids.js';
import type { AppWriter } from '../../src/apps/app.js';
import type { JobWritePayload } from '../../src/job-deployment/reconcile.js';
import type { XpmApi, XpmJob } from './client.js';
import { ensureXpmClient, type XpmJobDeployment } from './job-deployment.js';
import { defined } from './mapping.js';

const payloadOf = (e: OutboxEntry) => e.payload as unknown as JobWritePayload;

export function xpmJobWriter(o: { api: (tenantId: string, token: AccessToken) => XpmApi; deployment: XpmJobDeployment }): AppWriter {
  const d = o.deployment;

  /** Partner and manager from the client's, when they are XPM staff (known by their UUID). */
  const assignAndRecord = async (api: XpmApi, connection: AppConnection, entry: OutboxEntry, job: XpmJob): Promise<string> => {
    const p = payloadOf(entry);
    const c = await d.clientOf(connection.practiceId, connection.provider, p.clientId as ClientId);
    // Recorded first: the job exists in XPM whatever the assignment says, and a Retry finds it by its marker.
    await d.jobCreated(entry, { app: connection.provider, id: job.uuid ?? job.id, number: job.id, url: job.webUrl ?? null });
    await api.assignJob(job.id, defined({ partnerUuid: c.partnerId, managerUuid: c.managerId }));
    return job.id;
  };

  return {
    async lookup(entry, token, connection) {
      const api = o.api(connection.externalId, token);
      const p = payloadOf(entry);
      const clientUuid = await ensureXpmClient(api, connection, d, p.clientId as ClientId);
      const found = await api.jobByMarker(clientUuid, p.marker);
      return found ? assignAndRecord(api, connection, entry, found) : null;
    },
    async create(entry, token, connection) {
      const api = o.api(connection.externalId, token);
      const p = payloadOf(entry);
      const clientUuid = await ensureXpmClient(api, connection, d, p.clientId as ClientId);
      const job = await api.addJob({
        clientUuid, name: p.name, description: p.description, startDate: p.startDate, dueDate: p.dueDate, templateUuid: p.templateId, marker: p.marker,
      });
      return assignAndRecord(api, connection, entry, job);
    },
  };
}
