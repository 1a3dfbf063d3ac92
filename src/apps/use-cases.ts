import { defaultSmartBillingPolicy, type EnabledScheduleSmartBilling, type LastBilled, type SmartBillingPolicy, type SmartBillingQuantities } from '../../domain/billing/smart-billing.js';
import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { calendarDateIn } from '../../domain/shared/calendar.js';
import type { RegisteredApp } from './app.js';
import { needsReconnectCard, syncInterruptedCard } from './cards.js';
import { createConnect, type ConnectDeps } from './connect.js';
import { createOverview, when } from './overview.js';
import { createSettings } from './settings.js';
import { createSync, type SyncDeps } from './sync.js';
import { createTokenAccess, type TokenAccess } from './tokens.js';

/** What the use cases of every app need, together: the sync's and connect's needs plus the Labs flags and billing hooks. */
export type AppDeps = Omit<SyncDeps, 'tokens'> & ConnectDeps & {
  readonly flags: PracticeFlags;
  readonly policy?: SmartBillingPolicy;
  readonly lastBilled?: (practiceId: PracticeId, clientId: ClientId) => Promise<LastBilled | undefined>;
  /** The company chosen on the client's Smart Billing schedule, which the preview counts; billing supplies it. */
  readonly chosenCompany?: (practiceId: PracticeId, clientId: ClientId) => Promise<EnabledScheduleSmartBilling | undefined>;
};

/** One app's use cases: tokens, connect, sync, the daily run and closing syncs a dead process left open. */
export function createAppUseCases(registered: RegisteredApp, d: AppDeps) {
  const app = registered.declaration;
  const dailyRunKey = `${app.id}.daily.last-local-date`;
  const tokens = createTokenAccess({
    connections: d.connections, lock: d.lock, auth: registered.adapters.auth, clock: d.clock,
    ...(app.refreshMarginMs ? { refreshMarginMs: app.refreshMarginMs } : {}),
    onNeedsReconnect: async (c, reason) => {
      await d.audit.record({ practiceId: c.practiceId, at: d.clock.now(), actor: `${app.id} sync`, chat: 'system', action: `${app.id}.needs_reconnect`, subject: c.label, detail: { reason } });
      await d.notifier.notify(c.practiceId, 'connection.needs_reconnect', needsReconnectCard(app, c, reason));
    },
  });
  const sync = createSync(registered, { ...d, tokens });
  const connect = createConnect(registered, d);
  /**
   * The daily run. Agenda may fire a cron job twice (several workers, a redeploy), so the local date
   * of the last run is kept and a second fire on the same local day does nothing.
   */
  const dailySync = async (practiceId: PracticeId) => {
    const practice = await d.practices.get(practiceId);
    if (!practice) return null;
    const today = calendarDateIn(d.clock.now(), practice.timeZone);
    if ((await d.flags.get(practiceId, dailyRunKey)) === today) return null;
    await d.flags.set(practiceId, dailyRunKey, today);
    return sync.sync(practiceId, { trigger: 'schedule' });
  };
  /** A run of this app that a dead process left open: a cut-off daily run no longer counts as today's, so its re-run really syncs. */
  const closeInterrupted = async (run: { practiceId: PracticeId; trigger: string; startedAt: Date }, resumed: boolean) => {
    if (run.trigger === 'schedule') await d.flags.set(run.practiceId, dailyRunKey, null);
    const practice = await d.practices.get(run.practiceId);
    const startedAt = practice ? when(run.startedAt, practice.timeZone) : run.startedAt.toISOString();
    await d.notifier.notify(run.practiceId, 'sync.failed', syncInterruptedCard(app, startedAt, resumed));
  };
  return { app: registered, tokens, sync, connect, dailySync, closeInterrupted };
}

export type AppUseCases = ReturnType<typeof createAppUseCases>;

/**
 * Every registered app's use cases, and what they share: settings (`client-sync`, disconnect, Labs),
 * the `apps` tiles, Smart Billing's count, and closing the syncs dead processes left open.
 */
export function createAppsUseCases(apps: readonly RegisteredApp[], d: AppDeps, depsFor: (app: string) => AppDeps = () => d) {
  const ids = new Set<string>();
  for (const a of apps) {
    if (ids.has(a.declaration.id)) throw new Error(`two apps are registered as "${a.declaration.id}"`);
    ids.add(a.declaration.id);
  }
  const each = apps.map((a) => createAppUseCases(a, depsFor(a.declaration.id)));
  const byId = new Map(each.map((u) => [u.app.declaration.id, u]));
  const countingUc = each.find((u) => u.app.declaration.capabilities.includes('count-employees') && u.app.adapters.countEmployees);
  const counting: { app: RegisteredApp; tokens: TokenAccess } | undefined = countingUc && { app: countingUc.app, tokens: countingUc.tokens };
  const settings = createSettings(apps, d);
  const overview = createOverview({ ...d, ...(counting ? { counting } : {}), policy: d.policy ?? defaultSmartBillingPolicy });
  const smartBilling: SmartBillingQuantities = {
    async quantityToBill(practiceId, choice) {
      const practice = await d.practices.get(practiceId);
      if (!practice) throw new Error(`unknown practice ${practiceId}`);
      return overview.answerForCompany(practice, choice.companyId, choice.lastBilled);
    },
  };
  /**
   * Closes the syncs that bot processes which have since died left open, once each, and tells each
   * practice on sync.failed. `resumed` says whether that practice's sync of that app is being run
   * again by a live process.
   */
  const closeInterrupted = async (resumed: (practiceId: PracticeId, app: string) => boolean) => {
    const runs = await d.runs.claimAbandoned(d.clock.now());
    for (const run of runs) await byId.get(run.provider)?.closeInterrupted(run, resumed(run.practiceId, run.provider));
    return runs;
  };
  return { each, byId, counting: countingUc, settings, overview, smartBilling, closeInterrupted };
}

export type AppsUseCases = ReturnType<typeof createAppsUseCases>;
