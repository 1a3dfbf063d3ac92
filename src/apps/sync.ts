import type { AppConnection, SyncRun, SyncTrigger } from '../../domain/practice/connection.js';
import { noCounts } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore, PracticeStore, SyncRunStore } from '../../domain/practice/ports.js';
import type { ConnectionLock, PracticeFlags } from '../../domain/apps/ports.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import { calendarDateIn } from '../../domain/shared/calendar.js';
import type { Card } from '../cards.js';
import type { ConversationReplies, ReplyTarget } from '../chat.js';
import type { Notifier } from '../notify.js';
import { offersClients, syncsClients, type RegisteredApp } from './app.js';
import { noClientsToSyncCard, nothingToSyncCard, offeredSyncResultCard, progressCard, syncFailedCard, syncResultCard, type AccountResult } from './cards.js';
import { readOfferedClients, type OfferedSummary } from './offered-clients.js';
import { ledgerSettingsOf } from '../billing/ledger.js';
import type { WriteQueue } from './owed-writes.js';
import { syncCompany, syncLinkedRecord } from './sync-company.js';
import { TokenUnavailable, type TokenAccess } from './tokens.js';
import type { SyncedRecord } from '../../domain/sync/synced-record.js';

export type SyncDeps = {
  readonly practices: PracticeStore;
  readonly connections: ConnectionStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
  readonly runs: SyncRunStore;
  readonly audit: AuditLog;
  readonly notifier: Notifier;
  readonly replies: ConversationReplies;
  readonly tokens: TokenAccess;
  readonly lock: ConnectionLock;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Where each connection's incremental-read mark is kept (apps that offer clients). */
  readonly flags: PracticeFlags;
  /** The apps' clients as last read: what an app that offers clients (capability `import-clients`) needs. */
  readonly appClients?: AppClientStore;
  readonly onClientLinked?: (practiceId: PracticeId, clientId: ClientId) => Promise<void>;
  readonly onError?: (error: unknown, what: string) => void;
  /**
   * Accounts read at once (4 by default); each has its own rate limit at the app, so this is about our own
   * load: on two cores more lanes add no speed, only memory held by accounts in flight.
   */
  readonly concurrency?: number;
  /**
   * Runs one company's reads and writes in a unit of work of its own (a fresh ORM context in the bot),
   * so a sync of a thousand companies holds one company's rows at a time rather than all of them.
   */
  readonly perCompany?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Where two-way changes of ours are recorded for the app: the outbox. */
  readonly writes?: WriteQueue;
};

export type SyncRequest = {
  readonly trigger: SyncTrigger;
  /** Only this account (webhook, just connected); all active connections otherwise. */
  readonly externalId?: string;
  readonly replyTo?: ReplyTarget;
};

/** `run` is null when there was nothing to sync (no active connection). */
export type SyncOutcome = { readonly run: SyncRun | null; readonly card: Card };

/** Runs `work` over items with at most `limit` in flight, keeping input order in the results. */
const mapLimited = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => { for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!); };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
};

export function createSync({ declaration: app, adapters }: RegisteredApp, d: SyncDeps) {
  /** Writes recorded since the drain was last woken: a sync wakes it once, at its end. */
  let recorded = 0;
  const writes: WriteQueue | undefined = d.writes && {
    record: async (w) => { await d.writes!.record(w); recorded++; },
    wake: () => d.writes!.wake(),
  };
  const engine = () => ({ ...d, app: app.id, fields: app.fields, ...(app.newClientsAs ? { newClientsAs: app.newClientsAs } : {}), ...(writes ? { writes } : {}) });
  // Two syncs of one account at once (a webhook and the daily run) must not both create its client.
  const underLock = <T>(practiceId: PracticeId, record: SyncedRecord, work: () => Promise<T>) =>
    d.lock.withLock(practiceId, asId(`${app.id}-account:${record.externalId}`), work);
  // Each record in a unit of work of its own: an app connected once per practice (XPM) brings 15,000
  // records in one account's read, and the ORM's identity map must not keep every one of them.
  const bringIn = (practiceId: PracticeId) => (record: SyncedRecord) =>
    (d.perCompany ?? ((work) => work()))(() => underLock(practiceId, record, () => syncCompany(engine(), practiceId, record)));
  const offering = offersClients(app) && !!adapters.listClients;

  /** The app's ids of linked clients updated here at or after `since`. */
  const changedHere = async (practiceId: PracticeId, since: Date): Promise<string[]> => {
    if (d.links.changedSince) return d.links.changedSince(practiceId, app.id, since);
    const out: string[] = [];
    for (const link of await d.links.list(practiceId, app.id)) {
      const client = await d.clients.get(practiceId, link.clientId);
      if (client && client.updatedAt >= since) out.push(link.externalId);
    }
    return out;
  };

  /** An app that offers its clients: store what changed for import, and bring only linked clients' changes in. */
  const readOffered = async (c: AppConnection, startedAt: Date, summaries: OfferedSummary[]): Promise<AccountResult[]> => {
    if (!d.appClients) throw new Error(`${app.id} offers clients but no app-client store is wired`);
    const { results, summary } = await readOfferedClients({ ...d, appClients: d.appClients }, {
      app: app.id, connection: c, startedAt, syncNames: ledgerSettingsOf(c).syncNames,
      list: (since) => adapters.listClients!(c, d.tokens.tokenSource(c), since),
      bringInLinked: (record) => underLock(c.practiceId, record, () => syncLinkedRecord(engine(), c.practiceId, record)),
    });
    summaries.push(summary);
    return results;
  };

  const readAccount = async (c: AppConnection, today: string, practiceId: PracticeId, run: { startedAt: Date; offered: OfferedSummary[]; trigger: SyncTrigger }): Promise<AccountResult | readonly AccountResult[]> => {
    try {
      const token = await d.tokens.accessToken(c);
      if (!token.ok) return { kind: 'failed', company: c.label, reason: token.error.detail, reconnect: token.error.kind === 'needs-reconnect' };
      if (offering) return await readOffered(c, run.startedAt, run.offered);
      return await adapters.syncAccount!(c, {
        practiceId, today, token: d.tokens.tokenSource(c),
        relabel: (label) => (label === c.label ? Promise.resolve() : d.tokens.relabel(c, label)),
        bringIn: bringIn(practiceId),
        changedHere: (since) => changedHere(practiceId, since), trigger: run.trigger,
        linkedIds: async () => (await d.links.list(practiceId, app.id)).map((l) => l.externalId),
        linkedClient: async (externalId) => {
          const link = await d.links.find(practiceId, app.id, externalId);
          return link ? (await d.clients.get(practiceId, link.clientId))?.name ?? null : null;
        },
      });
    } catch (e) {
      if (e instanceof TokenUnavailable) return { kind: 'failed', company: c.label, reason: e.error.detail, reconnect: e.error.kind === 'needs-reconnect' };
      // One company's surprise must not sink the others; the details go to the log, not the chat.
      d.onError?.(e, `${app.id} sync of ${c.externalId}`);
      return { kind: 'failed', company: c.label, reason: 'something went wrong on our side (details are in the bot\'s log)', reconnect: false };
    }
  };

  /** One message that shows progress while the sync runs and becomes the result card at the end. */
  const progress = async (req: SyncRequest, total: number) => {
    const target = req.replyTo;
    const handle = target ? await d.replies.post(target, progressCard(app, 0, total)).catch(() => null) : null;
    let lastPost = d.clock.now().getTime();
    const edit = (c: Card) => (target && handle ? d.replies.update(target, handle, c).catch(() => undefined) : Promise.resolve());
    return {
      async tick(done: number) {
        const now = d.clock.now().getTime();
        // Chat platforms throttle message edits; one every 2 s is plenty for a person watching.
        if (now - lastPost < 2_000) return;
        lastPost = now;
        await edit(progressCard(app, done, total));
      },
      end: edit,
    };
  };

  /** The accounts a sync would read, and the card saying why there are none (nothing connected, or all need reconnecting). */
  const plan = async (practiceId: PracticeId, externalId?: string): Promise<{ targets: AppConnection[]; blocked: Card | null }> => {
    const all = await d.connections.list(practiceId, app.id);
    if (!syncsClients(app) || !(offering || adapters.syncAccount)) return { targets: [], blocked: noClientsToSyncCard(app) };
    const targets = all.filter((c) => c.status === 'active' && (!externalId || c.externalId === externalId));
    return { targets, blocked: targets.length ? null : nothingToSyncCard(app, all.length > 0) };
  };

  /** Syncs a practice's accounts in the app into clients; safe to run twice (the second run changes nothing). */
  async function sync(practiceId: PracticeId, req: SyncRequest): Promise<SyncOutcome> {
    const practice = await d.practices.get(practiceId);
    if (!practice) throw new Error(`unknown practice ${practiceId}`);
    const startedAt = d.clock.now();
    const { targets, blocked } = await plan(practiceId, req.externalId);
    if (blocked) return { run: null, card: blocked };
    const run: SyncRun = { id: asId(d.ids.next()), practiceId, provider: app.id, trigger: req.trigger, startedAt, counts: noCounts, errors: [] };
    await d.runs.save(run);

    const today = calendarDateIn(startedAt, practice.timeZone);
    const shown = await progress(req, targets.length);
    let done = 0;
    const offered: OfferedSummary[] = [];
    const results = await mapLimited(targets, d.concurrency ?? 4, async (c) => {
      const r = await (d.perCompany ?? ((work) => work()))(() => readAccount(c, today, practiceId, { startedAt, offered, trigger: req.trigger }));
      await shown.tick(++done);
      return r;
    });
    if (recorded && writes) {
      recorded = 0;
      await writes.wake();
    }
    const outcome = await finish(run, results.flat(), startedAt, offering ? offered : null);
    await shown.end(outcome.card);
    return outcome;
  }

  async function finish(run: SyncRun, results: readonly AccountResult[], startedAt: Date, offered: readonly OfferedSummary[] | null): Promise<SyncOutcome & { run: SyncRun }> {
    const count = (k: AccountResult['kind']) => results.filter((r) => r.kind === k).length;
    // An app that offers its clients creates none here: its "new" are the records ready to import.
    const created = offered ? offered.reduce((n, o) => n + o.newToImport, 0) : count('created');
    const counts = { created, updated: count('updated'), unchanged: count('unchanged'), skipped: count('skipped'), failed: count('failed') };
    const errors = results.flatMap((r) => (r.kind === 'failed' ? [`${r.company}: ${r.reason}`] : []));
    const finishedAt = d.clock.now();
    const done: SyncRun = { ...run, finishedAt, counts, errors };
    await d.runs.save(done);
    const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
    const failedAll = counts.failed > 0 && counts.failed === results.length;
    const card = failedAll ? syncFailedCard(app, errors[0] ?? `${app.name} could not be read`)
      : offered ? offeredSyncResultCard(app, counts, results, offered, seconds) : syncResultCard(app, counts, results, seconds);
    await d.notifier.notify(run.practiceId, failedAll ? 'sync.failed' : 'sync.finished', card);
    return { run: done, card };
  }

  return {
    sync,
    /** Why `sync` would do nothing now, as the card to show instead of queuing it; null when there is an account to read. */
    blocked: async (practiceId: PracticeId): Promise<Card | null> => (await plan(practiceId)).blocked,
  };
}

export type AppSync = ReturnType<typeof createSync>;
