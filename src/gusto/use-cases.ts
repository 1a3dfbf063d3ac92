import { defaultSmartBillingPolicy, type EnabledScheduleSmartBilling, type LastBilled, type SmartBillingPolicy, type SmartBillingQuantities } from '../../domain/billing/smart-billing.js';
import type { PayrollAuth, PracticeFlags } from '../../domain/payroll/ports.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { localDate } from '../../domain/sync/company-snapshot.js';
import { needsReconnectCard, syncInterruptedCard } from './cards.js';
import { createGustoConnect, type ConnectDeps } from './connect.js';
import { createGustoOverview, when } from './overview.js';
import { createGustoSettings } from './settings.js';
import { createGustoSync, type GustoSyncDeps } from './sync.js';
import { createTokenAccess } from './tokens.js';

/** What every Gusto use case needs, together: the sync's and connect's needs plus the Labs flags and billing hooks. */
export type GustoDeps = Omit<GustoSyncDeps, 'tokens'> & ConnectDeps & {
  readonly auth: PayrollAuth;
  readonly flags: PracticeFlags;
  readonly policy?: SmartBillingPolicy;
  readonly lastBilled?: (practiceId: PracticeId, clientId: ClientId) => Promise<LastBilled | undefined>;
  /** The company chosen on the client's Smart Billing schedule, which the preview counts; billing supplies it. */
  readonly chosenCompany?: (practiceId: PracticeId, clientId: ClientId) => Promise<EnabledScheduleSmartBilling | undefined>;
};

const dailyRunKey = 'gusto.daily.last-local-date';

/** Everything Gusto: connect, tokens, company sync, sync levels, Labs switch, apps tile, Smart Billing. */
export function createGustoUseCases(d: GustoDeps) {
  const tokens = createTokenAccess({
    connections: d.connections, lock: d.lock, auth: d.auth, clock: d.clock,
    onNeedsReconnect: async (c, reason) => {
      await d.audit.record({ practiceId: c.practiceId, at: d.clock.now(), actor: 'gusto sync', chat: 'system', action: 'gusto.needs_reconnect', subject: c.label, detail: { reason } });
      await d.notifier.notify(c.practiceId, 'connection.needs_reconnect', needsReconnectCard(c, reason, d.sandbox));
    },
  });
  const sync = createGustoSync({ ...d, tokens });
  const connect = createGustoConnect(d);
  const settings = createGustoSettings(d);
  const overview = createGustoOverview({ ...d, tokens, policy: d.policy ?? defaultSmartBillingPolicy });
  const smartBilling: SmartBillingQuantities = {
    async quantityToBill(practiceId, choice) {
      const practice = await d.practices.get(practiceId);
      if (!practice) throw new Error(`unknown practice ${practiceId}`);
      return overview.answerForCompany(practice, choice.companyId, choice.lastBilled);
    },
  };
  /**
   * The 06:00 run. Agenda may fire a cron job twice (several workers, a redeploy), so the local date
   * of the last run is kept and a second fire on the same local day does nothing.
   */
  const dailySync = async (practiceId: PracticeId) => {
    const practice = await d.practices.get(practiceId);
    if (!practice) return null;
    const today = localDate(d.clock.now(), practice.timeZone);
    if ((await d.flags.get(practiceId, dailyRunKey)) === today) return null;
    await d.flags.set(practiceId, dailyRunKey, today);
    return sync.sync(practiceId, { trigger: 'schedule' });
  };
  /**
   * Closes the syncs that bot processes which have since died left open, once each, and tells each
   * practice on sync.failed. `resumed` says whether that practice's sync job is being run again by a
   * live process. A cut-off 06:00 run no longer counts as today's, so its re-run really syncs.
   */
  const closeInterrupted = async (resumed: (practiceId: PracticeId) => boolean) => {
    const runs = await d.runs.claimAbandoned(d.clock.now());
    for (const run of runs) {
      if (run.trigger === 'schedule') await d.flags.set(run.practiceId, dailyRunKey, null);
      const practice = await d.practices.get(run.practiceId);
      const startedAt = practice ? when(run.startedAt, practice.timeZone) : run.startedAt.toISOString();
      await d.notifier.notify(run.practiceId, 'sync.failed', syncInterruptedCard(startedAt, resumed(run.practiceId), d.sandbox));
    }
    return runs;
  };
  return { tokens, sync, connect, settings, overview, smartBilling, dailySync, closeInterrupted };
}

export type GustoUseCases = ReturnType<typeof createGustoUseCases>;
