import { missingCharges } from '../../domain/invoicing/charges.js';
import { groupCharges, type ChargeGroup } from '../../domain/invoicing/grouping.js';
import { buildInvoice, isHeld } from '../../domain/invoicing/build.js';
import type { InvoiceId, InvoiceLine } from '../../domain/invoicing/invoice.js';
import { scheduleLine } from '../../domain/invoicing/lines.js';
import { afterCharge } from '../../domain/invoicing/schedule-effects.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { CalendarDate } from '../../domain/shared/calendar.js';
import type { ClientId, PracticeId } from '../../domain/shared/ids.js';
import { notificationWrite } from '../outbox/writes.js';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { NotificationEvent } from '../notify.js';
import { heldCard, type RaisedInvoice, type RunReport } from './cards.js';
import type { InvoiceRunDeps, InvoiceSettings } from './deps.js';
import { createHeldInvoices } from './held.js';
import { createInstantBill } from './instant.js';
import { auditInvoice, queueDeployments, recordCounts, supersede, unlessSuperseded } from './issuing.js';

/** The events billing posts to the firm's channels. */
export const billingEvents = ['invoice.held', 'invoice.deployed'] as const satisfies readonly NotificationEvent[];

const runner = { actor: 'billing run', chat: 'system' } as const;

/**
 * The invoice run and what follows it: `run` bills every charge due and not yet billed, `approve` and
 * `skipPeriod` settle a held invoice, `billInstantly` bills a library service at once.
 */
export function createInvoiceRun(d: InvoiceRunDeps) {
  /**
   * The group's lines. Smart Billing is asked here, outside any transaction: a slow Gusto must not
   * hold database locks. Each schedule is read again first, so a missed period billed a moment ago
   * is compared with what it billed.
   */
  const linesFor = async (g: ChargeGroup, counting: boolean, includeDescriptions: boolean): Promise<InvoiceLine[]> => {
    const lines: InvoiceLine[] = [];
    for (const { schedule, charge } of g.charges) {
      const s = (await d.schedules.get(g.practiceId, schedule.id)) ?? schedule;
      const answer = counting && s.smartBilling?.status === 'enabled' ? await d.smartBilling.quantityToBill(g.practiceId, s.smartBilling) : null;
      lines.push(scheduleLine(s, charge.period, answer, includeDescriptions));
    }
    return lines;
  };

  /** One group's invoice, written with everything it causes in one transaction; 'superseded' when another run billed it first. */
  const raise = async (practice: Practice, g: ChargeGroup, lines: InvoiceLine[], settings: InvoiceSettings, clientName: string) => {
    const now = d.clock.now();
    const input = {
      id: d.ids.next() as InvoiceId, practiceId: practice.id, clientId: g.clientId, kind: g.kind, proposal: g.proposal,
      issueDate: g.invoiceDate, terms: settings.terms, currency: practice.currency, lines, createdAt: now,
    };
    return unlessSuperseded(() => d.transaction.run(async (tx) => {
      const invoice = buildInvoice(input, isHeld(lines) ? null : await tx.invoices.nextNumber(practice.id));
      if (!(await tx.invoices.insert(invoice))) supersede();
      for (const { schedule, charge } of g.charges) {
        const current = (await tx.schedules.get(practice.id, schedule.id)) ?? schedule;
        await tx.schedules.saveMany([afterCharge(current, charge.period, practice.invoiceDay)]);
      }
      if (invoice.status === 'issued') {
        await recordCounts(tx, invoice, lines, now);
        await queueDeployments(d, tx, invoice, now);
      } else {
        const offerings = new Map(g.charges.map(({ schedule }) => [schedule.id as string, schedule.line]));
        const card = heldCard(invoice, { clientName, timeZone: practice.timeZone, offeringOf: (l) => (l.scheduleId ? offerings.get(l.scheduleId) : undefined) });
        await tx.outbox.enqueue(newOutboxEntry(notificationWrite(practice.id, 'invoice.held', card, invoice.id), d.ids.next(), now));
      }
      await auditInvoice(tx, runner, `invoice.${invoice.status}`, invoice, now, { charges: g.charges.map((c) => `${c.schedule.line.name} ${c.charge.period}`) });
      return invoice;
    }));
  };

  const clientNames = async (practiceId: PracticeId, ids: readonly ClientId[]): Promise<Map<string, string>> =>
    new Map(await Promise.all([...new Set(ids)].map(async (id) => [id as string, (await d.clients.get(practiceId, id))?.name ?? id] as const)));

  /**
   * Bills every charge due by `today` (the practice's local date) that no invoice carries: safe to run
   * twice, after a missed day or a week down, or alongside another run (the store's unique key on each
   * charge decides a race, and the loser writes nothing).
   */
  const run = async (practiceId: PracticeId, today: CalendarDate): Promise<RunReport> => {
    const practice = await d.practices.get(practiceId);
    if (!practice) throw new Error(`no practice ${practiceId}`);
    const schedules = await d.schedules.listBillable(practiceId);
    const billed = schedules.length ? await d.invoices.billedCharges(practiceId, schedules.map((s) => s.id)) : new Set<string>();
    const groups = groupCharges(missingCharges(schedules, billed, today, practice.invoiceDay));
    const report = { issued: [] as RaisedInvoice[], held: [] as RaisedInvoice[], skipped: 0 };
    if (!groups.length) return report;
    const [settings, counting, names] = await Promise.all([
      d.settings(practiceId), d.smartBillingEnabled(practiceId), clientNames(practiceId, groups.map((g) => g.clientId)),
    ]);
    for (const g of groups) {
      const clientName = names.get(g.clientId) ?? g.clientId;
      const invoice = await raise(practice, g, await linesFor(g, counting, settings.includeDescriptions), settings, clientName);
      if (invoice === 'superseded') report.skipped++;
      else report[invoice.status === 'held' ? 'held' : 'issued'].push({ invoice, clientName });
    }
    if (report.issued.length || report.held.length) await d.wakeOutbox();
    return report;
  };

  return { run, ...createHeldInvoices(d), ...createInstantBill(d) };
}
export type InvoiceRun = ReturnType<typeof createInvoiceRun>;
