/**
 * XPM's 'client' writer with the create an acceptance asks for: a lead accepting a proposal is found
 * (exact name) or made in XPM and linked, whether or not any of its services makes a job. Every other
 * client write (a two-way field change) goes to the field writer, one send per client at a time.
 */
import type { AccessToken } from '../../domain/apps/ports.js';
import type { ClientId } from '../../domain/shared/ids.js';
import type { AppWriter } from '../../src/apps/app.js';
import { isClientCreate, type ClientCreatePayload } from '../../domain/jobs/client-write.js';
import type { XpmApi } from './client.js';
import { ensureXpmClient, type XpmJobDeployment } from './job-deployment.js';

export function withClientCreate(fields: AppWriter, o: { api: (tenantId: string, token: AccessToken) => XpmApi; deployment: XpmJobDeployment }): AppWriter {
  const clientOf = (e: Parameters<AppWriter['lookup']>[0]) => (e.payload as unknown as ClientCreatePayload).clientId as ClientId;
  return {
    async lookup(entry, token, connection) {
      if (!isClientCreate(entry)) return fields.lookup(entry, token, connection);
      // Linked already (by a job's send, or a person): nothing to make. Otherwise create finds by name first.
      return (await o.deployment.clientOf(connection.practiceId, connection.provider, clientOf(entry))).linkedId;
    },
    async create(entry, token, connection) {
      // Two field writes of one client (two edits before a drain) run one at a time, in every
      // process: each reads the client fresh, so the second sees a contact the first added.
      if (!isClientCreate(entry)) return o.deployment.oneClientAtATime(connection, entry.sourceId as ClientId, () => fields.create(entry, token, connection));
      return ensureXpmClient(o.api(connection.externalId, token), connection, o.deployment, clientOf(entry));
    },
  };
}
