/**
 * Sage's registration: Sage Business Cloud Accounting (UK), the ledger invoices are deployed to and
 * whose customers are offered for import as clients. One sign-in reaches every business the Sage user can; the person picks one, and only UK businesses
 * can be picked. The composition root (src/compose.ts) hands it to the registry.
 */
import type { AppDeclaration, RegisteredApp } from '../../src/apps/app.js';
import type { RegistrationContext } from '../../src/compose-apps.js';
import type { SageApiHost } from '../../src/compose-sandboxes.js';
import { err, ok } from '../../domain/shared/result.js';
import type { AccessToken, AppError } from '../../domain/apps/ports.js';
import { isProviderError } from '../provider-http.js';
import { createSageClient, sageLimits, type SageApi } from './client.js';
import { listSageCustomers } from './customers.js';
import { createTenantLimiters, type TenantLimits } from '../rate-limiter.js';
import { sageInvoiceWriter, type InvoiceDeployment } from './invoice-writer.js';
import { createSageAuth } from './oauth.js';

/** Sage, declared once: every shared command, route, job and card reads this. */
export const sageDeclaration = (sandbox: boolean): AppDeclaration => ({
  id: 'sage',
  name: 'Sage',
  auth: 'oauth2',
  sandbox,
  dailySync: { hour: 5, minute: 30 },
  capabilities: ['issue-invoices', 'import-clients'],
  // A linked client takes Sage's name (when the practice's name-sync setting is on); nothing else moves.
  // A linked client takes Sage's renames (with name sync on), not the difference a mapping was made across.
  fields: { name: 'inbound-changes' },
  account: { one: 'business', many: 'businesses' },
  connectsPer: 'practice',
  brings: 'customers',
  events: ['invoice.deployment_failed', 'connection.needs_reconnect'],
  // Sage's access tokens live 5 minutes: refresh in their last minute, not 5 minutes early.
  refreshMarginMs: 60_000,
});

/** The integration is for Sage Business Cloud Accounting UK only (as the help article says). */
const ukOnly = (country: string): string | null =>
  country === 'GB' ? null : `this bot deploys invoices to UK Sage businesses only, and this business is registered in ${countryName(country)}.`;

const countryName = (code: string): string => {
  try {
    return new Intl.DisplayNames(['en-GB'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

const appErrorOf = (error: unknown): AppError => {
  if (!isProviderError(error)) throw error;
  const kind = error.kind === 'reconnect-needed' ? 'needs-reconnect' : error.kind === 'app-misconfigured' ? 'misconfigured' : 'unavailable';
  return { kind, detail: error.reason };
};

export function registerSage(s: {
  readonly host: SageApiHost; readonly deployment: InvoiceDeployment;
  /** Sage's pace per business; sageLimits unless told otherwise (the bench, on a sandbox told to allow more). */
  readonly limits?: TenantLimits;
}, x: RegistrationContext): RegisteredApp {
  const { host } = s;
  const declaration = sageDeclaration(host.sandbox !== null);
  // One limiter per business for the whole install: every client reaching a business shares its pace.
  const limiterFor = createTenantLimiters(s.limits ?? sageLimits);
  const api = (token: AccessToken): SageApi => createSageClient({ baseUrl: host.apiBase, token, limiterFor });
  const withToken = (accessToken: string) => api(async () => accessToken);
  return {
    declaration,
    adapters: {
      auth: createSageAuth({ clientId: host.clientId, clientSecret: host.clientSecret, redirectUri: x.redirectUri(declaration.id), authorizeUrl: host.authorizeUrl, tokenUrl: host.tokenUrl }),
      async identify(accessToken) {
        try {
          const lead = await withToken(accessToken).business('lead');
          return ok({ externalId: lead.id, label: lead.name });
        } catch (error) {
          return err(appErrorOf(error));
        }
      },
      async accounts(accessToken) {
        try {
          const businesses = await withToken(accessToken).businesses();
          return ok(businesses.map((b) => ({ externalId: b.id, label: b.name, refusal: ukOnly(b.countryCode) })));
        } catch (error) {
          return err(appErrorOf(error));
        }
      },
      // The connection is one business: its customers, all of them or what changed since the mark.
      listClients: (connection, token, since) => listSageCustomers(api(token), connection.externalId, since),
      ledger: {
        salesAccounts: async (connection, token) =>
          (await api(token).salesLedgerAccounts(connection.externalId)).map((a) => ({ id: a.id, name: `${a.nominalCode} ${a.name}`.trim() })),
        taxRates: async (connection, token) =>
          (await api(token).taxRates(connection.externalId)).map((t) => ({ id: t.id, name: t.name, basisPoints: t.basisPoints })),
      },
      writers: { invoice: sageInvoiceWriter({ api, deployment: s.deployment }) },
      // Sage's v3.1 limit is unconfirmed; its v3.0 allowed 200 calls a minute per business. An invoice
      // takes up to four calls (look-up, contact search, contact, invoice): 25 a run keeps well inside.
      budget: { perRun: 25, concurrency: 2 },
      routes: host.routes,
      commands: host.commands,
    },
  };
}
