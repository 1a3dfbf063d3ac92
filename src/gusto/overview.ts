import { quantityToBill, type EnabledScheduleSmartBilling, type LastBilled, type SmartBillingAnswer, type SmartBillingPolicy } from '../../domain/billing/smart-billing.js';
import type { AppLinkStore, ClientStore, ConnectionStore, SyncRunStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { PayrollSystem, PracticeFlags } from '../../domain/payroll/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { localDate } from '../../domain/sync/company-snapshot.js';
import { nextDailyRun } from '../../domain/sync/daily-schedule.js';
import { plural } from '../../domain/shared/plural.js';
import { card, type Card } from '../cards.js';
import { sandboxed } from './cards.js';
import { resolveClient, smartBillingFlag } from './settings.js';
import type { TokenAccess } from './tokens.js';

export type OverviewDeps = {
  readonly connections: ConnectionStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
  readonly runs: SyncRunStore;
  readonly flags: PracticeFlags;
  readonly payroll: PayrollSystem;
  readonly tokens: TokenAccess;
  readonly clock: Clock;
  readonly sandbox: boolean;
  readonly policy: SmartBillingPolicy;
  /** The quantity last invoiced for a client's per-employee service; billing supplies it, absent until then. */
  readonly lastBilled?: (practiceId: PracticeId, clientId: ClientId) => Promise<LastBilled | undefined>;
  /** The company chosen on the client's Smart Billing schedule, when there is one: counted instead of the linked one. */
  readonly chosenCompany?: (practiceId: PracticeId, clientId: ClientId) => Promise<EnabledScheduleSmartBilling | undefined>;
};

export const dailySyncAt = { hour: 6, minute: 0 };

/** Dates as an admin reads them, in the practice's zone. */
export const when = (at: Date, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

export function createGustoOverview(d: OverviewDeps) {
  /** Gusto's live headcount for one company, as Smart Billing reads it at invoice time. */
  const answerForCompany = async (practice: Practice, companyId: string, lastBilled?: LastBilled): Promise<SmartBillingAnswer> => {
    const conn = await d.connections.findByExternalId(practice.id, 'gusto', companyId);
    if (!conn || conn.status === 'disconnected') return quantityToBill({ ok: false, reason: 'disconnected' }, lastBilled, d.policy);
    if (conn.status !== 'active') return quantityToBill({ ok: false, reason: 'needs-reconnect' }, lastBilled, d.policy);
    const snap = await d.payroll.snapshot(conn.externalId, localDate(d.clock.now(), practice.timeZone), d.tokens.tokenSource(conn)).catch(() => null);
    if (!snap || !snap.ok) return quantityToBill({ ok: false, reason: snap?.ok === false && snap.error.kind === 'needs-reconnect' ? 'needs-reconnect' : 'unreachable' }, lastBilled, d.policy);
    return quantityToBill({ ok: true, count: snap.value.activeEmployees, at: snap.value.fetchedAt }, lastBilled, d.policy);
  };

  /** A client's count: the company chosen on its Smart Billing schedule, else the company it is linked to. */
  const answerFor = async (practice: Practice, clientId: ClientId): Promise<SmartBillingAnswer> => {
    const chosen = await d.chosenCompany?.(practice.id, clientId);
    if (chosen) return answerForCompany(practice, chosen.companyId, chosen.lastBilled ?? (await d.lastBilled?.(practice.id, clientId)));
    const lastBilled = await d.lastBilled?.(practice.id, clientId);
    const link = (await d.links.forClient(practice.id, clientId)).find((l) => l.provider === 'gusto');
    if (!link) return quantityToBill({ ok: false, reason: 'not-linked' }, lastBilled, d.policy);
    return answerForCompany(practice, link.externalId, lastBilled);
  };

  return {
    answerFor,
    answerForCompany,

    /** The Gusto tile of `apps`: Enabled or not, companies connected, last and next sync. */
    async tile(practice: Practice): Promise<Card> {
      const all = await d.connections.list(practice.id, 'gusto');
      const active = all.filter((c) => c.status === 'active');
      const broken = all.filter((c) => c.status === 'needs-reconnect');
      const last = await d.runs.latest(practice.id, 'gusto');
      const next = nextDailyRun(d.clock.now(), dailySyncAt, practice.timeZone);
      const checked = last ? Object.values(last.counts).reduce((a, b) => a + b, 0) : 0;
      const lastText = !last ? 'not yet'
        : !last.finishedAt ? `running since ${when(last.startedAt, practice.timeZone)}`
          : last.interrupted ? `${when(last.startedAt, practice.timeZone)}: interrupted (the bot stopped mid-sync)`
            : `${when(last.finishedAt, practice.timeZone)} — ${checked} checked: ${last.counts.created} new, ${last.counts.updated} updated, ` +
              `${last.counts.skipped ? `${last.counts.skipped} not updated (sync level), ` : ''}${last.counts.failed} failed`;
      return sandboxed(card(`Gusto: ${active.length ? 'Enabled' : 'Not connected'}`, {
        tone: broken.length ? 'warning' : active.length ? 'success' : 'info',
        text: active.length
          ? 'Company details and active employee counts sync from Gusto every day at 6am, and when you press Sync.'
          : 'Connect Gusto to sync client company details and employee counts, and to bill per employee with Smart Billing.',
        fields: [
          { label: 'Companies connected', value: active.length ? active.map((c) => c.label).join(', ') : 'none' },
          ...(broken.length ? [{ label: 'Needs reconnecting', value: broken.map((c) => c.label).join(', ') }] : []),
          { label: 'Last sync', value: lastText },
          { label: 'Next sync', value: active.length ? `${when(next, practice.timeZone)} (${practice.timeZone})` : '—' },
          { label: 'Smart Billing (Labs)', value: (await d.flags.get(practice.id, smartBillingFlag)) === 'on' ? 'on' : 'off' },
        ],
        buttons: [
          { label: active.length ? 'Connect another company' : 'Connect your account', command: 'connect gusto', style: 'primary' },
          ...(active.length ? [{ label: 'Sync', command: 'sync gusto' }, { label: 'Client Sync', command: 'client-sync' }] : []),
        ],
      }), d.sandbox);
    },

    /** `smart-billing preview CLIENT`: what the next invoice would bill, or why it would wait for approval. */
    async preview(practice: Practice, clientName: string): Promise<Card> {
      const client = await resolveClient(d, practice, clientName, 'smart-billing preview "Acme Inc"');
      if ('title' in client) return client;
      const a = await answerFor(practice, client.id);
      const labsOff = (await d.flags.get(practice.id, smartBillingFlag)) !== 'on';
      const note = labsOff ? 'Smart Billing is off in Labs: turn it on with `/ignition labs smart-billing on`.' : undefined;
      if (a.kind === 'bill') {
        return sandboxed(card(`Smart Billing preview: ${client.name}`, {
          tone: 'success',
          text: `The next invoice would bill *${plural(a.quantity, 'active employee')}* for per-employee services.`,
          fields: [{ label: 'Gusto count', value: String(a.evidence.count) }, { label: 'Counted at', value: when(a.evidence.at, practice.timeZone) }],
          ...(note ? { footer: note } : {}),
        }), d.sandbox);
      }
      const why: Record<typeof a.reason, string> = {
        'gusto-unreachable': 'Gusto could not be reached just now',
        'needs-reconnect': 'the Gusto connection needs reconnecting',
        'not-linked': `${client.name} is not linked to a Gusto company yet`,
        disconnected: `${client.name}'s Gusto company was disconnected, so its count can't be read until an admin connects it again`,
        'moved-too-much': `the count moved from ${a.lastBilled?.quantity} to ${a.suggested}, more than ${d.policy.maxShiftPercent}% since the last invoice`,
      };
      return sandboxed(card(`Smart Billing preview: ${client.name} would be held`, {
        tone: 'warning',
        text: `The next invoice would wait for an admin to approve the quantity, because ${why[a.reason]}.`,
        buttons: a.reason === 'not-linked' || a.reason === 'needs-reconnect' || a.reason === 'disconnected' ? [{ label: 'Connect Gusto', command: 'connect gusto', style: 'primary' }] : [],
        ...(note ? { footer: note } : {}),
      }), d.sandbox);
    },
  };
}

export type GustoOverview = ReturnType<typeof createGustoOverview>;
