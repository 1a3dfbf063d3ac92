import { quantityToBill, type EnabledScheduleSmartBilling, type LastBilled, type SmartBillingAnswer, type SmartBillingPolicy } from '../../domain/billing/smart-billing.js';
import type { AppLinkStore, ClientStore, ConnectionStore, SyncRunStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { calendarDateIn } from '../../domain/shared/calendar.js';
import { nextDailyRun } from '../../domain/sync/daily-schedule.js';
import { plural } from '../../domain/shared/plural.js';
import { card, type Card, type Field } from '../cards.js';
import { dailyTimeText, offersClients, syncsClients, type AppDeclaration, type RegisteredApp } from './app.js';
import { ledgerSettingsOf } from '../billing/ledger.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import { sandboxed } from './cards.js';
import { resolveClient, smartBillingFlag } from './settings.js';
import type { TokenAccess } from './tokens.js';

export type OverviewDeps = {
  readonly connections: ConnectionStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
  readonly runs: SyncRunStore;
  readonly flags: PracticeFlags;
  /** The app that counts employees for Smart Billing, with its tokens; absent when none is registered. */
  readonly counting?: { readonly app: RegisteredApp; readonly tokens: TokenAccess };
  readonly clock: Clock;
  readonly policy: SmartBillingPolicy;
  /** The quantity last invoiced for a client's per-employee service; billing supplies it, absent until then. */
  readonly lastBilled?: (practiceId: PracticeId, clientId: ClientId) => Promise<LastBilled | undefined>;
  /** The company chosen on the client's Smart Billing schedule, when there is one: counted instead of the linked one. */
  readonly chosenCompany?: (practiceId: PracticeId, clientId: ClientId) => Promise<EnabledScheduleSmartBilling | undefined>;
};

/** Dates as an admin reads them, in the practice's zone. */
export const when = (at: Date, zone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

export function createOverview(d: OverviewDeps) {
  /** The counting app's live headcount for one of its accounts, as Smart Billing reads it at invoice time. */
  const answerForCompany = async (practice: Practice, companyId: string, lastBilled?: LastBilled): Promise<SmartBillingAnswer> => {
    const counting = d.counting;
    if (!counting?.app.adapters.countEmployees) return quantityToBill({ ok: false, reason: 'not-linked' }, lastBilled, d.policy);
    const conn = await d.connections.findByExternalId(practice.id, counting.app.declaration.id, companyId);
    if (!conn || conn.status === 'disconnected') return quantityToBill({ ok: false, reason: 'disconnected' }, lastBilled, d.policy);
    if (conn.status !== 'active') return quantityToBill({ ok: false, reason: 'needs-reconnect' }, lastBilled, d.policy);
    const counted = await counting.app.adapters.countEmployees(conn, calendarDateIn(d.clock.now(), practice.timeZone), counting.tokens.tokenSource(conn)).catch(() => null);
    if (!counted || !counted.ok) return quantityToBill({ ok: false, reason: counted?.ok === false && counted.error.kind === 'needs-reconnect' ? 'needs-reconnect' : 'unreachable' }, lastBilled, d.policy);
    return quantityToBill({ ok: true, count: counted.value.count, at: counted.value.at }, lastBilled, d.policy);
  };

  /** A client's count: the company chosen on its Smart Billing schedule, else the company it is linked to. */
  const answerFor = async (practice: Practice, clientId: ClientId): Promise<SmartBillingAnswer> => {
    const chosen = await d.chosenCompany?.(practice.id, clientId);
    if (chosen) return answerForCompany(practice, chosen.companyId, chosen.lastBilled ?? (await d.lastBilled?.(practice.id, clientId)));
    const lastBilled = await d.lastBilled?.(practice.id, clientId);
    const link = (await d.links.forClient(practice.id, clientId)).find((l) => l.provider === d.counting?.app.declaration.id);
    if (!link) return quantityToBill({ ok: false, reason: 'not-linked' }, lastBilled, d.policy);
    return answerForCompany(practice, link.externalId, lastBilled);
  };

  /**
   * A ledger's tile (Sage takes invoices): connected, whether invoicing is enabled in its settings and,
   * when it also offers its customers for import, when they were last read.
   */
  const ledgerTile = (app: AppDeclaration, active: readonly AppConnection[], broken: readonly string[], syncFields: readonly Field[]): Card => {
    const Many = `${app.account.many[0]!.toUpperCase()}${app.account.many.slice(1)}`;
    const enabled = active.some((c) => ledgerSettingsOf(c).enabled);
    const offers = offersClients(app);
    const customers = offers ? ` New ${app.name} ${app.brings} arrive every day at ${dailyTimeText(app)} and when you press Sync, ready to import as clients.` : '';
    return sandboxed(card(`${app.name}: ${!active.length ? 'Not connected' : !enabled ? 'Connected, not enabled' : 'Enabled'}`, {
      tone: broken.length || (active.length && !enabled) ? 'warning' : active.length ? 'success' : 'info',
      text: !active.length ? `Connect ${app.name} to send it your invoices${offers ? ` and import its ${app.brings} as clients` : ''}.`
        : !enabled ? `Finish the app settings and click Enable app: until then no invoice goes to ${app.name}.${customers}`
          : `Invoices go to ${app.name} as they are issued.${customers}`,
      fields: [
        { label: `${Many} connected`, value: active.length ? active.map((c) => c.label).join(', ') : 'none' },
        ...(broken.length ? [{ label: 'Needs reconnecting', value: broken.join(', ') }] : []),
        ...(active.length ? syncFields : []),
      ],
      buttons: active.length
        ? [
          { label: 'App settings', command: `${app.id} settings`, style: 'primary' as const }, { label: 'Invoices', command: 'invoices' },
          ...(offers ? [{ label: 'Import clients', command: `clients import ${app.id}` }, { label: 'Sync', command: `sync ${app.id}` }] : []),
          { label: 'Reconnect', command: `connect ${app.id}` },
        ]
        : [{ label: 'Connect your account', command: `connect ${app.id}`, style: 'primary' }],
    }), app);
  };

  return {
    answerFor,
    answerForCompany,

    /** An app's tile in `apps`: Enabled or not, accounts connected, last and next sync. */
    async tile(app: AppDeclaration, practice: Practice): Promise<Card> {
      const all = await d.connections.list(practice.id, app.id);
      const active = all.filter((c) => c.status === 'active');
      const broken = all.filter((c) => c.status === 'needs-reconnect');
      const last = await d.runs.latest(practice.id, app.id);
      const next = nextDailyRun(d.clock.now(), app.dailySync, practice.timeZone);
      const checked = last ? Object.values(last.counts).reduce((a, b) => a + b, 0) : 0;
      const lastText = !last ? 'not yet'
        : !last.finishedAt ? `running since ${when(last.startedAt, practice.timeZone)}`
          : last.interrupted ? `${when(last.startedAt, practice.timeZone)}: interrupted (the bot stopped mid-sync)`
            : `${when(last.finishedAt, practice.timeZone)} — ${checked} checked: ${last.counts.created} new, ${last.counts.updated} updated, ` +
              `${last.counts.skipped ? `${last.counts.skipped} not updated (sync level), ` : ''}${last.counts.failed} failed`;
      const counts = app.capabilities.includes('count-employees');
      const Many = `${app.account.many[0]!.toUpperCase()}${app.account.many.slice(1)}`;
      const syncFields: Field[] = [
        { label: 'Last sync', value: lastText },
        { label: 'Next sync', value: active.length ? `${when(next, practice.timeZone)} (${practice.timeZone})` : '—' },
      ];
      if (app.capabilities.includes('issue-invoices')) return ledgerTile(app, active, broken.map((c) => c.label), syncsClients(app) ? syncFields : []);
      return sandboxed(card(`${app.name}: ${active.length ? 'Enabled' : 'Not connected'}`, {
        tone: broken.length ? 'warning' : active.length ? 'success' : 'info',
        text: active.length
          ? `${app.brings[0]!.toUpperCase()}${app.brings.slice(1)} sync from ${app.name} every day at ${dailyTimeText(app)}, and when you press Sync.`
          : `Connect ${app.name} to sync client ${app.brings}${counts ? ', and to bill per employee with Smart Billing' : ''}.`,
        fields: [
          { label: `${Many} connected`, value: active.length ? active.map((c) => c.label).join(', ') : 'none' },
          ...(broken.length ? [{ label: 'Needs reconnecting', value: broken.map((c) => c.label).join(', ') }] : []),
          ...syncFields,
          ...(counts ? [{ label: 'Smart Billing (Labs)', value: (await d.flags.get(practice.id, smartBillingFlag)) === 'on' ? 'on' : 'off' }] : []),
        ],
        buttons: [
          { label: active.length && app.connectsPer === 'client' ? `Connect another ${app.account.one}` : active.length ? 'Reconnect' : 'Connect your account', command: `connect ${app.id}`, style: 'primary' },
          ...(active.length ? [{ label: 'Sync', command: `sync ${app.id}` }, { label: 'Client Sync', command: 'client-sync' }] : []),
        ],
      }), app);
    },

    /** `smart-billing preview CLIENT`: what the next invoice would bill, or why it would wait for approval. */
    async preview(practice: Practice, clientName: string): Promise<Card> {
      const client = await resolveClient(d, practice, clientName, 'smart-billing preview "Acme Inc"');
      if ('title' in client) return client;
      const counting = d.counting?.app.declaration;
      if (!counting) return card('Smart Billing is not available', { tone: 'warning', text: 'No connected app on this install counts employees.' });
      const a = await answerFor(practice, client.id);
      const labsOff = (await d.flags.get(practice.id, smartBillingFlag)) !== 'on';
      const note = labsOff ? 'Smart Billing is off in Labs: turn it on with `/ignition labs smart-billing on`.' : undefined;
      if (a.kind === 'bill') {
        return sandboxed(card(`Smart Billing preview: ${client.name}`, {
          tone: 'success',
          text: `The next invoice would bill *${plural(a.quantity, 'active employee')}* for per-employee services.`,
          fields: [{ label: `${counting.name} count`, value: String(a.evidence.count) }, { label: 'Counted at', value: when(a.evidence.at, practice.timeZone) }],
          ...(note ? { footer: note } : {}),
        }), counting);
      }
      const why: Record<typeof a.reason, string> = {
        'gusto-unreachable': `${counting.name} could not be reached just now`,
        'needs-reconnect': `the ${counting.name} connection needs reconnecting`,
        'not-linked': `${client.name} is not linked to a ${counting.name} ${counting.account.one} yet`,
        disconnected: `${client.name}'s ${counting.name} ${counting.account.one} was disconnected, so its count can't be read until an admin connects it again`,
        'moved-too-much': `the count moved from ${a.lastBilled?.quantity} to ${a.suggested}, more than ${d.policy.maxShiftPercent}% since the last invoice`,
      };
      return sandboxed(card(`Smart Billing preview: ${client.name} would be held`, {
        tone: 'warning',
        text: `The next invoice would wait for an admin to approve the quantity, because ${why[a.reason]}.`,
        buttons: a.reason === 'not-linked' || a.reason === 'needs-reconnect' || a.reason === 'disconnected' ? [{ label: `Connect ${counting.name}`, command: `connect ${counting.id}`, style: 'primary' }] : [],
        ...(note ? { footer: note } : {}),
      }), counting);
    },
  };
}

export type AppOverview = ReturnType<typeof createOverview>;
