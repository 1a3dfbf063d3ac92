/**
 * Xero Practice Manager's registration: its declaration (the help article's field table as policies)
 * and its adapters, bound together. One Xero consent may reach several practices; a person picks one,
 * and its clients sync in daily as leads. The composition root (src/compose.ts) hands it to the registry.
 */
import type { AccessToken } from '../../domain/apps/ports.js';
import { linkedStaffIds } from '../../domain/apps/directory.js';
import type { Clock } from '../../domain/shared/clock.js';
import { err, ok } from '../../domain/shared/result.js';
import type { AccountResult, AppDeclaration, RegisteredApp } from '../../src/apps/app.js';
import type { RegistrationContext } from '../../src/compose-apps.js';
import type { XpmApiHost } from '../../src/compose-sandboxes.js';
import { isProviderError } from '../provider-http.js';
import { createTenantLimiters } from '../rate-limiter.js';
import { createXpmClient, xpmLimits, type XpmApi, type XpmClient } from './client.js';
import { createXeroConnections } from './connections.js';
import { toSyncedRecord } from './mapping.js';
import { createXpmAuth } from './oauth.js';
import { xpmClientWriter } from './client-writer.js';
import { withClientCreate } from './client-create-writer.js';
import type { XpmJobDeployment } from './job-deployment.js';
import { xpmJobWriter } from './job-writer.js';
import { importXpmDirectory, type XpmDirectoryDeps } from './directory-import.js';
import { reconcileDue, reconcileKey, reportGone, stateOf, type XpmClientState } from './reconcile.js';

/** XPM, declared once: every shared command, route, job and card reads this. */
export const xpmDeclaration = (sandbox: boolean): AppDeclaration => ({
  id: 'xpm',
  name: 'Xero Practice Manager',
  auth: 'oauth2',
  sandbox,
  dailySync: { hour: 4, minute: 30 },
  capabilities: ['read-clients', 'write-clients', 'create-jobs'],
  // The help article's table: two-way, one way from XPM, and the structure on the first sync only.
  // Status, relationships, custom fields and tax numbers are never synced, so they have no policy.
  fields: {
    name: 'two-way', streetAddress: 'two-way', postalAddress: 'two-way', phone: 'two-way', fax: 'two-way',
    contacts: 'two-way', partner: 'two-way', manager: 'two-way',
    groups: 'inbound', website: 'inbound', taxRegistered: 'inbound',
    businessStructure: 'first-sync-only',
  },
  // "All the clients from Xero Practice Manager will be brought across … as Leads."
  newClientsAs: 'lead',
  account: { one: 'practice', many: 'practices' },
  connectsPer: 'practice',
  brings: 'names, addresses, phones, contacts, partner and manager (new clients arrive as leads)',
  // The staff card is also posted to the channel routed for sync results; a fresh install may have none yet.
  afterConnect: {
    text: 'Next: once the first sync is done, add your XPM staff as users (so partners and managers sync) and link your services to XPM job templates (`service templates NAME`), so accepted proposals create jobs.',
    buttons: [{ label: 'Staff', command: 'staff' }, { label: 'Services', command: 'services' }],
  },
  events: ['sync.finished', 'sync.failed', 'connection.needs_reconnect'],
});

/**
 * Where the next sync of a practice starts: `at`, the start of the last complete read (XPM's
 * `modifiedsince` is inclusive, so an edit made at that moment is read again, not missed); `ours`,
 * its end, from when clients changed here are read back for their owed writes (the sync's own
 * updates to them are older, so they are not all re-read the day after the first sync).
 */
type Mark = { readonly at: Date; readonly ours: Date };

/** How far XPM's clock may run behind ours without an edit being missed. */
const clockSkewMs = 5 * 60_000;

/** The practice flag holding a practice tenant's mark. */
const markKey = (tenantId: string) => `xpm-read-mark:${tenantId}`;

/**
 * The practice flag holding which staff members were users here at the last read. Linking one
 * changes what a read brings in (their partner and manager roles), on clients XPM has not changed
 * since, so a change to the set reads every client again.
 */
const usersKey = (tenantId: string) => `xpm-staff-users:${tenantId}`;
const usersText = (linked: ReadonlySet<string> | undefined): string => [...(linked ?? [])].sort().join(',');

const readMark = (raw: string | null): Mark | null => {
  if (!raw) return null;
  const m = JSON.parse(raw) as { at: string; ours?: string };
  return { at: new Date(m.at), ours: new Date(m.ours ?? m.at) };
};

export type XpmSettings = {
  readonly host: XpmApiHost;
  /** What a read is dated by: the mark and the records' fetched-at. */
  readonly clock: Clock;
  /** Jobs on acceptance (src/job-deployment): without it XPM makes no jobs and no clients. */
  readonly jobs?: XpmJobDeployment;
  /** Where staff and job templates are imported, and which staff are users here; without it neither is read. */
  readonly directory?: XpmDirectoryDeps;
  /** Clients per page of a full read; XPM's most (500) unless a test wants several pages. */
  readonly pageSize?: number;
};

export function registerXpm(s: XpmSettings, x: RegistrationContext): RegisteredApp {
  const { host, clock } = s;
  const declaration = xpmDeclaration(host.sandbox !== null);
  // One limiter per practice for the whole install: the sync and the outbox share XPM's 60 a minute.
  const limiterFor = createTenantLimiters(xpmLimits);
  const api = (tenantId: string, token: AccessToken): XpmApi => createXpmClient({ tenantId, token, baseUrl: host.apiBase, limiterFor, ...(s.pageSize ? { pageSize: s.pageSize } : {}) });
  const tenants = createXeroConnections({ baseUrl: host.connectionsBase });

  /** The practice's live clients that changed in XPM since the mark, and those changed here since it (re-read so their writes are owed). */
  const changedClients = async (xpm: XpmApi, mark: Mark | null, changedHere: ((since: Date) => Promise<readonly string[]>) | undefined): Promise<XpmClient[]> => {
    // A few minutes early: XPM dates edits by its own clock, and reading a client again changes nothing.
    const changed = await xpm.clients(mark ? new Date(mark.at.getTime() - clockSkewMs) : undefined);
    if (!mark || !changedHere) return changed;
    const seen = new Set(changed.map((c) => c.uuid));
    const more: XpmClient[] = [];
    // One at a time: the limiter paces them anyway, and a practice's few edits a day are few calls.
    for (const uuid of await changedHere(mark.ours)) if (!seen.has(uuid)) more.push(await xpm.client(uuid));
    return [...changed, ...more];
  };

  const xero = createXpmAuth({ clientId: host.clientId, clientSecret: host.clientSecret, redirectUri: x.redirectUri(declaration.id), authorizeUrl: host.authorizeUrl, tokenUrl: host.tokenUrl });

  // Two-way field changes; a lead's create on acceptance is added in front of it when jobs are wired.
  const fieldWriter = xpmClientWriter((tenantId, token) => api(tenantId, token), s.directory && (async (practiceId) => linkedStaffIds(await s.directory!.userLinks.list(practiceId, 'xpm'))));

  return {
    declaration,
    adapters: {
      auth: {
        ...xero,
        // Disconnecting deletes Xero's connection to the practice too: revoking the refresh token
        // alone would leave the practice listed among the Xero user's connected apps. Best effort,
        // like the revocation itself: an expired access token leaves it to the person in Xero.
        async revoke(tokens) {
          const practices = await tenants.practices(tokens.accessToken);
          if (practices.ok) for (const p of practices.value) await tenants.disconnect(tokens.accessToken, p.externalId).catch(() => false);
          await xero.revoke(tokens);
        },
      },
      // Not asked while `accounts` is there; kept for a caller that wants one account.
      async identify(accessToken) {
        const practices = await tenants.practices(accessToken);
        if (!practices.ok) return practices;
        const [first] = practices.value;
        return first ? ok({ externalId: first.externalId, label: first.label }) : err({ kind: 'unavailable', detail: 'this Xero sign-in reaches no practice with Xero Practice Manager' });
      },
      // The practices the consent reaches (organisations filtered out): a chooser when several.
      accounts: (accessToken) => tenants.practices(accessToken),
      async syncAccount(c, ctx): Promise<AccountResult | AccountResult[]> {
        const key = markKey(c.externalId);
        const startedAt = clock.now();
        const mark = readMark(await x.flags.get(c.practiceId, key));
        const xpm = api(c.externalId, ctx.token);
        const failed = (e: unknown): AccountResult => {
          if (!isProviderError(e)) throw e;
          return { kind: 'failed', company: c.label, reason: e.reason, reconnect: e.kind === 'reconnect-needed' };
        };
        // Templates (and staff when due) beside the clients; partners and managers only when they are users here.
        const linked = s.directory ? await importXpmDirectory(s.directory, xpm, c.practiceId, ctx.trigger) : undefined;
        const results: AccountResult[] = [];
        const users = usersText(linked);
        const usersChanged = (await x.flags.get(c.practiceId, usersKey(c.externalId)) ?? '') !== users;
        // A full read on the first sync, or when staff became users (or stopped being) since the last.
        // Its pages are the full live list, so the reconcile that follows costs no call of its own.
        const live = mark && !usersChanged ? null : new Set<string>();
        const seen = new Map<string, XpmClientState>();
        try {
          if (live) {
            // Page by page, each brought in before the next is asked for: 15,000 clients are never held at once.
            for await (const page of xpm.clientPages()) {
              for (const client of page) {
                live.add(client.uuid);
                results.push(await ctx.bringIn(toSyncedRecord(client, startedAt, linked)));
              }
            }
          } else {
            // Archived and deleted clients are not brought in; a linked one is reported (reconcile.ts).
            for (const client of await changedClients(xpm, mark, ctx.changedHere)) {
              seen.set(client.uuid, stateOf(client));
              if (!client.archived && !client.deleted) results.push(await ctx.bringIn(toSyncedRecord(client, startedAt, linked)));
            }
          }
        } catch (e) {
          return [...results, failed(e)];
        }
        // Only a read that finished moves the mark, and two overlapping reads never move it back.
        const latest = readMark(await x.flags.get(c.practiceId, key));
        if (!latest || latest.at <= startedAt) await x.flags.set(c.practiceId, key, JSON.stringify({ at: startedAt.toISOString(), ours: clock.now().toISOString() }));
        if (usersChanged) await x.flags.set(c.practiceId, usersKey(c.externalId), users);
        try {
          const walked = live ?? (reconcileDue(await x.flags.get(c.practiceId, reconcileKey(c.externalId)), startedAt) ? await xpm.liveClientIds() : null);
          results.push(...await reportGone({ flags: x.flags, practiceId: c.practiceId, tenantId: c.externalId, company: c.label, ctx, xpm, seen, live: walked }));
          if (walked) await x.flags.set(c.practiceId, reconcileKey(c.externalId), startedAt.toISOString());
        } catch (e) {
          results.push(failed(e));
        }
        return results;
      },
      writers: s.jobs ? {
        client: withClientCreate(fieldWriter, { api, deployment: s.jobs }),
        job: xpmJobWriter({ api, deployment: s.jobs }),
      } : { client: fieldWriter },
      // A client write is usually three calls (the look-up's read, then update's read and write), plus
      // one per contact changed; a job up to five (search and add of a new client, its jobs, add,
      // assign): 9 a run stays near the 48 a minute we allow ourselves of XPM's 60, and the
      // practice's limiter holds back any call past it.
      budget: { perRun: 9, concurrency: 2 },
      routes: host.routes,
      commands: host.commands,
    },
  };
}
