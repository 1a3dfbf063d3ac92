/**
 * XPM's full reconcile: XPM has no deleted-since feed, and paged-list leaves archived and deleted
 * clients out, so once a week (and on the first sync, whose pages are that list already) the live
 * clients' UUIDs are compared with the practice's links. A linked client no longer live is asked
 * for by `get/{uuid}`, which tells archived from deleted, and is reported once: what was reported is
 * kept in a practice flag per tenant, not on the link, so the shared link rows need no new column.
 * The incremental read reports the archived or deleted clients it happens to see the same way.
 */
import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import type { AccountResult, AccountSyncContext } from '../../src/apps/app.js';
import { isProviderError } from '../provider-http.js';
import type { XpmApi, XpmClient } from './client.js';

export type XpmClientState = 'live' | 'archived' | 'deleted';

/** How often the whole live list is walked: a week keeps it to 30 calls a week for 15,000 clients. */
export const reconcileEveryMs = 7 * 86_400_000;

/** The practice flag holding when a tenant was last fully reconciled (an ISO time). */
export const reconcileKey = (tenantId: string) => `xpm-reconcile-mark:${tenantId}`;
/** The practice flag holding the linked clients already reported gone, UUID → state, so each is reported once. */
export const goneKey = (tenantId: string) => `xpm-gone:${tenantId}`;

export const reconcileDue = (last: string | null, now: Date): boolean =>
  !last || Number.isNaN(Date.parse(last)) || now.getTime() - Date.parse(last) >= reconcileEveryMs;

export const stateOf = (c: Pick<XpmClient, 'archived' | 'deleted'>): XpmClientState => (c.deleted ? 'deleted' : c.archived ? 'archived' : 'live');

/** A linked client missing from the live list: XPM's own word on it. One it no longer knows is as good as deleted. */
const askXpm = async (xpm: XpmApi, uuid: string): Promise<XpmClientState> => {
  try {
    return stateOf(await xpm.client(uuid));
  } catch (e) {
    if (isProviderError(e) && e.kind === 'rejected') return 'deleted';
    throw e;
  }
};

export type GoneCheck = {
  readonly flags: PracticeFlags;
  readonly practiceId: PracticeId;
  readonly tenantId: string;
  readonly company: string;
  readonly ctx: Pick<AccountSyncContext, 'linkedIds' | 'linkedClient'>;
  readonly xpm: XpmApi;
  /** States the incremental read saw (few: what changed since the last sync). */
  readonly seen: ReadonlyMap<string, XpmClientState>;
  /** After a full walk, every live client's UUID; null when this sync did not walk the list. */
  readonly live: ReadonlySet<string> | null;
};

/** The linked clients XPM archived or deleted that no sync has reported yet, as sync results. */
export async function reportGone(o: GoneCheck): Promise<AccountResult[]> {
  if (!o.ctx.linkedClient) return [];
  const key = goneKey(o.tenantId);
  const raw = await o.flags.get(o.practiceId, key);
  const reported = new Map(Object.entries(raw ? JSON.parse(raw) as Record<string, 'archived' | 'deleted'> : {}));
  const states = new Map(o.seen);
  if (o.live && o.ctx.linkedIds) {
    for (const uuid of await o.ctx.linkedIds()) {
      // A deletion already reported is final: it is not asked about again every week.
      if (o.live.has(uuid)) states.set(uuid, 'live');
      else if (reported.get(uuid) !== 'deleted') states.set(uuid, await askXpm(o.xpm, uuid));
    }
  }
  const before = JSON.stringify(Object.fromEntries(reported));
  const results: AccountResult[] = [];
  for (const [uuid, state] of states) {
    // Back in XPM's live list: if it goes again, that is news again.
    if (state === 'live') { reported.delete(uuid); continue; }
    if (reported.get(uuid) === state) continue;
    const client = await o.ctx.linkedClient(uuid);
    if (client === null) continue;
    results.push({ kind: 'gone', company: o.company, client, state });
    reported.set(uuid, state);
  }
  const after = JSON.stringify(Object.fromEntries(reported));
  if (after !== before) await o.flags.set(o.practiceId, key, reported.size ? after : null);
  return results;
}
