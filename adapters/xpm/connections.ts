/**
 * The tenants a Xero grant reaches (GET https://api.xero.com/connections): one consent may cover
 * Xero organisations as well as practices, and only a practice has XPM. Xero's own XPM sample
 * keeps tenantType "PRACTICEMANAGER" while its OpenAPI text says "PRACTICE", so both count.
 * Disconnecting deletes the connection by its own id, which is not the tenant id we keep.
 */
import type { AppError } from '../../domain/apps/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { GrantedAccount } from '../../src/apps/app.js';
import { createProviderHttp, isProviderError } from '../provider-http.js';
import { xeroAppError, xpmApp } from './errors.js';
import { xpmHosts } from './oauth.js';
import { XeroConnection } from './schemas.js';

export type { XeroConnection } from './schemas.js';

const practiceTypes = new Set(['PRACTICEMANAGER', 'PRACTICE']);

export const isPracticeTenant = (c: Pick<XeroConnection, 'tenantType'>): boolean => practiceTypes.has(c.tenantType.trim().toUpperCase());

export type XeroConnectionsOptions = {
  /** Defaults to https://api.xero.com; a sandbox's base replaces it. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
};

export type XeroConnections = {
  /** Every tenant the token reaches, whatever its type. */
  all(accessToken: string): Promise<XeroConnection[]>;
  /** The practices the token reaches, for the chooser: the tenant id as the account's id, its name as the label. */
  practices(accessToken: string): Promise<Result<readonly GrantedAccount[], AppError>>;
  /** Deletes every connection of this token to the tenant (DELETE /connections/{id}); true when there was one. */
  disconnect(accessToken: string, tenantId: string): Promise<boolean>;
};

const connectionList = XeroConnection.array();

export function createXeroConnections(o: XeroConnectionsOptions = {}): XeroConnections {
  // The token is the one just granted: refreshing it on a 401 is the caller's business, not ours.
  const http = (accessToken: string) => createProviderHttp({
    app: xpmApp, baseUrl: o.baseUrl ?? xpmHosts.connections, fetch: o.fetch, sleep: o.sleep, retries: 1,
    token: async () => accessToken,
  });
  const all = async (accessToken: string) => (await http(accessToken).get('/connections', { schema: connectionList })).body;

  return {
    all,
    async practices(accessToken) {
      try {
        const practices = (await all(accessToken)).filter(isPracticeTenant);
        return ok(practices.map((c) => ({ externalId: c.tenantId, label: c.tenantName?.trim() || c.tenantId, refusal: null })));
      } catch (e) {
        return err(xeroAppError(e, 'list the connected practices'));
      }
    },
    async disconnect(accessToken, tenantId) {
      const mine = (await all(accessToken)).filter((c) => c.tenantId === tenantId);
      // A DELETE sent twice finds nothing the second time (404), which is what we wanted anyway.
      for (const c of mine) {
        await http(accessToken).delete(`/connections/${encodeURIComponent(c.id)}`, { idempotent: true }).catch((e: unknown) => {
          if (!isProviderError(e, 'not-found')) throw e;
        });
      }
      return mine.length > 0;
    },
  };
}
