import { describe, expect, it } from 'vitest';
import { markComplete, type BillingSchedule, type ScheduleId } from '../../../domain/billing/schedule.js';
import type { EnabledScheduleSmartBilling, SmartBillingAnswer, SmartBillingQuantities } from '../../../domain/billing/smart-billing.js';
import type { Invoice, InvoiceId } from '../../../domain/invoicing/invoice.js';
import { newPractice, type Practice } from '../../../domain/practice/practice.js';
import type { User } from '../../../domain/practice/user.js';
import type { ServiceId } from '../../../domain/proposals/service.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { UnitOfWork } from '../../../domain/shared/unit-of-work.js';
import type { Actor } from '../../../src/actor.js';
import type { InvoiceStores } from '../../../src/billing/deps.js';
import { createInvoiceRun } from '../../../src/billing/invoice-run.js';
import { inMemoryIssuing } from '../../builders/billing-world.js';
import { invoice, invoiceLine } from '../../builders/invoices.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';
import { libraryService } from '../../builders/services.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryClientStore } from '../../fakes/in-memory-clients.js';
import { InMemoryInvoiceStore } from '../../fakes/in-memory-invoices.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';
import { InMemoryAuditLog, InMemoryPracticeStore } from '../../fakes/in-memory-practice.js';
import { InMemoryBillingScheduleStore, InMemoryServiceStore } from '../../fakes/in-memory-proposals.js';

/**
 * Another run bills `rival` just after this one has read what is billed, as a second bot process
 * racing for the same charge would: this run's insert then meets the unique key and loses.
 */
class RacedInvoiceStore extends InMemoryInvoiceStore {
  rival: Invoice | null = null;
  override async billedCharges(practiceId: PracticeId, scheduleIds: readonly ScheduleId[]) {
    const billed = await super.billedCharges(practiceId, scheduleIds);
    const rival = this.rival;
    this.rival = null;
    if (rival) await this.insert({ ...rival, number: await this.nextNumber(practiceId) });
    return billed;
  }
}

const company: EnabledScheduleSmartBilling = { status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto' };
const perEmployee = monthlyLine({ id: 'pay', name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1500 }, quantity: 8 });
const sid = (id: string) => id as ScheduleId;

const world = async (opts: { invoiceDay?: number; labs?: boolean } = {}) => {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  const practice: Practice = { ...newPractice(asId('pr1'), 'Smith & Co', clock.now()), invoiceDay: opts.invoiceDay ?? 1 };
  const practices = new InMemoryPracticeStore();
  await practices.save(practice);
  const clients = new InMemoryClientStore();
  await clients.save({ id: asId('c1'), practiceId: practice.id, status: 'client', name: 'Acme Ltd', createdAt: clock.now(), updatedAt: clock.now() });
  const invoices = new RacedInvoiceStore();
  const stores = { invoices, schedules: new InMemoryBillingScheduleStore(), outbox: new InMemoryOutboxStore(), audit: new InMemoryAuditLog() };
  const issuing = inMemoryIssuing(stores);
  let inTransaction = false;
  const transaction: UnitOfWork<InvoiceStores> = {
    run: (work) => issuing.run(async (tx) => { inTransaction = true; try { return await work(tx); } finally { inTransaction = false; } }),
  };
  const gusto = { answers: new Map<string, SmartBillingAnswer>(), asked: [] as { companyId: string; lastBilled?: number; inTransaction: boolean }[] };
  const smartBilling: SmartBillingQuantities = {
    async quantityToBill(_practiceId, choice) {
      gusto.asked.push({ companyId: choice.companyId, ...(choice.lastBilled ? { lastBilled: choice.lastBilled.quantity } : {}), inTransaction });
      return gusto.answers.get(choice.companyId)!;
    },
  };
  const services = new InMemoryServiceStore();
  let wakes = 0;
  const uc = createInvoiceRun({
    schedules: stores.schedules, invoices: stores.invoices, transaction, smartBilling,
    smartBillingEnabled: async () => opts.labs ?? true,
    settings: async () => ({ terms: { manualDays: 7, automaticDays: 10 }, includeDescriptions: true }),
    deploymentsFor: async (inv) => [{ practiceId: inv.practiceId, app: 'ledger', kind: 'invoice', sourceId: inv.id, payload: { number: inv.number } }],
    practices, clients, services, wakeOutbox: async () => { wakes++; }, clock, ids: sequentialIds('id'),
  });
  const actor: Actor = { practice, user: { id: asId('u1'), practiceId: practice.id, displayName: 'Ann', role: 'admin', identities: [{ platform: 'slack', workspaceId: 'T1', userId: 'U1' }], createdAt: clock.now() } satisfies User };
  return {
    uc, clock, practice, actor, services, gusto, invoices, outbox: stores.outbox, audit: stores.audit, schedules: stores.schedules,
    wakes: () => wakes,
    add: (...s: BillingSchedule[]) => stores.schedules.saveMany(s),
    all: () => invoices.list(practice.id),
    writes: (app: string) => [...stores.outbox.rows.values()].filter((r) => r.app === app),
  };
};

describe('the invoice run', () => {
  it('bills an upfront fee on the day of acceptance: numbered, due by the terms, deployed, and the schedule invoiced', async () => {
    const w = await world();
    await w.add(upfrontSchedule({}, line({ description: 'Your **statutory** accounts.', ledgerAccount: '4000' })));

    const report = await w.uc.run(w.practice.id, '2026-03-02');

    expect(report).toMatchObject({ issued: [{ clientName: 'Acme Ltd' }], held: [], skipped: 0 });
    expect(report.issued[0]!.invoice).toMatchObject({
      number: 1, status: 'issued', kind: 'upfront', proposal: { number: 1 }, issueDate: '2026-03-02', dueDate: '2026-03-09', currency: 'GBP',
      lines: [{ period: 'once', description: 'Your statutory accounts.', ledgerAccount: '4000' }], totals: { net: 100000, vat: 20000, gross: 120000 },
    });
    expect((await w.schedules.get(w.practice.id, sid('up')))!.status).toBe('invoiced');
    expect(w.writes('ledger').map((r) => r.payload)).toEqual([{ number: 1 }]);
    expect(w.audit.events.map((e) => [e.action, e.subject, e.actor])).toEqual([['invoice.issued', 'INV-0001', 'billing run']]);
    expect(w.wakes()).toBe(1);
  });

  it('bills an on-completion service only once it is marked complete, dated the day it was', async () => {
    const w = await world();
    const pending = completionSchedule();
    await w.add(pending);

    const before = await w.uc.run(w.practice.id, '2026-04-01');
    await w.add((markComplete(pending, '2026-04-03', 'Ann') as { ok: true; value: BillingSchedule }).value);
    const after = await w.uc.run(w.practice.id, '2026-04-05');

    expect(before).toEqual({ issued: [], held: [], skipped: 0 });
    expect(after.issued.map((r) => [r.invoice.kind, r.invoice.issueDate, r.invoice.dueDate])).toEqual([['on-completion', '2026-04-03', '2026-04-10']]);
    expect((await w.schedules.get(w.practice.id, sid('done')))!.status).toBe('invoiced');
  });

  it("bills a recurring service on the practice's invoice day, month after month, one line per schedule of the proposal", async () => {
    const w = await world({ invoiceDay: 15 });
    await w.add(recurringSchedule({ id: sid('books') }), recurringSchedule({ id: sid('vat') }, monthlyLine({ id: 'vat', name: 'VAT returns', price: { kind: 'fixed', amount: 8000 } })));

    const early = await w.uc.run(w.practice.id, '2026-03-14');
    const march = await w.uc.run(w.practice.id, '2026-03-15');
    const april = await w.uc.run(w.practice.id, '2026-04-15');

    expect(early.issued).toEqual([]);
    expect([...march.issued, ...april.issued].map((r) => [r.invoice.number, r.invoice.issueDate, r.invoice.dueDate, r.invoice.lines.map((l) => l.name)])).toEqual([
      [1, '2026-03-15', '2026-03-25', ['Bookkeeping', 'VAT returns']], [2, '2026-04-15', '2026-04-25', ['Bookkeeping', 'VAT returns']],
    ]);
  });

  it('after a week down, bills each missed period once, oldest first, and a second run bills nothing', async () => {
    const w = await world();
    await w.add(recurringSchedule({ frequency: 'weekly', startsOn: '2026-03-02' }, monthlyLine({ billing: { kind: 'recurring', frequency: 'weekly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } } })));
    await w.uc.run(w.practice.id, '2026-03-02');

    const caughtUp = await w.uc.run(w.practice.id, '2026-03-24');
    const again = await w.uc.run(w.practice.id, '2026-03-24');

    expect(caughtUp.issued.map((r) => [r.invoice.number, r.invoice.lines[0]!.period])).toEqual([[2, '2026-03-09'], [3, '2026-03-16'], [4, '2026-03-23']]);
    expect(again).toEqual({ issued: [], held: [], skipped: 0 });
    expect(w.writes('ledger')).toHaveLength(4);
  });

  it('ends a recurring schedule with its last period', async () => {
    const w = await world();
    await w.add(recurringSchedule({ end: { kind: 'after', occurrences: 2 } }));

    await w.uc.run(w.practice.id, '2026-04-01');
    const ongoing = (await w.schedules.get(w.practice.id, sid('rec')))!.status;
    await w.uc.run(w.practice.id, '2026-05-01');

    expect(ongoing).toBe('active');
    expect((await w.schedules.get(w.practice.id, sid('rec')))!.status).toBe('ended');
    expect(await w.uc.run(w.practice.id, '2026-07-01')).toEqual({ issued: [], held: [], skipped: 0 });
  });

  it('skips quietly a charge another run billed at the same moment, writing nothing and taking no number', async () => {
    const w = await world();
    await w.add(upfrontSchedule());
    w.invoices.rival = invoice({ id: 'rival' as InvoiceId, status: 'issued', kind: 'upfront', lines: [invoiceLine({ scheduleId: sid('up'), period: 'once' })] });

    const lost = await w.uc.run(w.practice.id, '2026-03-02');
    await w.add(upfrontSchedule({ id: sid('up-2') }));
    const next = await w.uc.run(w.practice.id, '2026-03-02');

    expect(lost).toEqual({ issued: [], held: [], skipped: 1 });
    expect(next).toMatchObject({ issued: [{ invoice: { number: 2, lines: [{ scheduleId: 'up-2' }] } }], skipped: 0 });
    expect((await w.all()).map((i) => [i.number, i.lines[0]!.scheduleId])).toEqual([[2, 'up-2'], [1, 'up']]);
    expect(w.audit.events.map((e) => e.subject)).toEqual(['INV-0002']);
    expect(w.writes('ledger')).toHaveLength(1);
  });
});

describe('Smart Billing in the invoice run', () => {
  const smart = () => recurringSchedule({ id: sid('pay'), smartBilling: { ...company, lastBilled: { quantity: 10, at: new Date('2026-03-01T06:00:00Z') } } }, perEmployee);
  const counted = (count: number) => ({ count, at: new Date('2026-04-01T05:00:00Z'), source: 'gusto' as const });

  it("bills Gusto's count, asked outside the transaction, and records it as the schedule's last bill", async () => {
    const w = await world();
    await w.add(smart());
    w.gusto.answers.set('co-1', { kind: 'bill', quantity: 11, evidence: counted(11) });
    w.clock.set('2026-04-01T06:00:00Z');

    const report = await w.uc.run(w.practice.id, '2026-04-01');

    expect(w.gusto.asked).toEqual([{ companyId: 'co-1', lastBilled: 10, inTransaction: false }]);
    expect(report.issued[0]!.invoice.lines[0]).toMatchObject({ quantity: 11, amounts: { net: 16500 }, headcount: { count: 11 } });
    expect((await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling).toEqual({ ...company, lastBilled: { quantity: 11, at: new Date('2026-04-01T06:00:00Z') } });
  });

  it('bills the quantity on the proposal, without asking Gusto, while the Labs switch is off', async () => {
    const w = await world({ labs: false });
    await w.add(smart());

    const report = await w.uc.run(w.practice.id, '2026-04-01');

    expect(w.gusto.asked).toEqual([]);
    expect(report.issued[0]!.invoice.lines[0]).toMatchObject({ quantity: 8, amounts: { net: 12000 } });
    expect(report.issued[0]!.invoice.lines[0]!.headcount).toBeUndefined();
    expect((await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling).toEqual(smart().smartBilling);
  });

  it('holds an invoice whose count moved too much, unnumbered, and posts a card to approve, edit or skip it', async () => {
    const w = await world();
    await w.add(smart());
    w.gusto.answers.set('co-1', { kind: 'hold', reason: 'moved-too-much', suggested: 14, evidence: counted(14), lastBilled: { quantity: 10, at: new Date('2026-03-01T06:00:00Z') } });

    const report = await w.uc.run(w.practice.id, '2026-04-01');

    const held = report.held[0]!.invoice;
    expect(held).toMatchObject({ status: 'held', number: null, lines: [{ quantity: 14, hold: { kind: 'headcount', reason: 'moved-too-much' } }] });
    expect(w.writes('ledger')).toEqual([]);
    const [post] = w.writes('chat');
    expect(post).toMatchObject({ sourceId: held.id, period: 'invoice.held', payload: { event: 'invoice.held' } });
    const card = (post!.payload as { card: { title: string; text: string; fields: { label: string; value: string }[]; buttons: { label: string; command: string }[] } }).card;
    expect(card.title).toBe('Invoice held: Acme Ltd · Payroll');
    expect(card.text).toContain('The count moved from 10 to 14 since the last invoice');
    expect(card.fields).toEqual(expect.arrayContaining([
      { label: 'Last billed', value: '10 on 1 Mar 2026' }, { label: "Gusto's count", value: '14 at 1 Apr 2026, 06:00' },
      { label: 'Amount at 10 (last billed)', value: '£180.00' }, { label: "Amount at 14 (Gusto's count)", value: '£252.00' },
    ]));
    expect(card.buttons.map((b) => [b.label, b.command])).toEqual([
      ['Approve 14', `invoice approve ${held.id}`], ['Edit quantity', `invoice approve ${held.id} qty=`], ['Skip this period', `invoice skip ${held.id}`],
    ]);
    expect((await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling).toEqual(smart().smartBilling);
  });

  it('issues a held invoice once approved with a typed count: numbered now, deployed, and the count recorded', async () => {
    const w = await world();
    await w.add(smart());
    w.gusto.answers.set('co-1', { kind: 'hold', reason: 'gusto-unreachable' });
    const held = (await w.uc.run(w.practice.id, '2026-04-01')).held[0]!.invoice;
    w.clock.set('2026-04-02T09:00:00Z');

    const approved = await w.uc.approve(w.actor, held.id, { quantity: 12 });

    expect(approved).toMatchObject({ ok: true, value: { status: 'issued', number: 1, issueDate: '2026-04-01', issuedAt: new Date('2026-04-02T09:00:00Z'), lines: [{ quantity: 12, amounts: { net: 18000 } }] } });
    expect(w.writes('ledger').map((r) => r.payload)).toEqual([{ number: 1 }]);
    expect((await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling).toMatchObject({ lastBilled: { quantity: 12 } });
    expect(w.audit.events.at(-1)).toMatchObject({ action: 'invoice.approved', actor: 'Ann', chat: 'slack', subject: 'INV-0001', detail: { quantity: 12, lines: ['Payroll'] } });
  });

  it('records a count a person confirmed at once, even while another line of the invoice still waits', async () => {
    const w = await world();
    const advisory = monthlyLine({ id: 'adv', name: 'Advisory hours', price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 2 });
    await w.add(smart(), recurringSchedule({ id: sid('tax') }, advisory));
    w.gusto.answers.set('co-1', { kind: 'hold', reason: 'gusto-unreachable' });
    const held = (await w.uc.run(w.practice.id, '2026-04-01')).held[0]!.invoice;

    const payroll = await w.uc.approve(w.actor, held.id, { line: 1, quantity: 12 });
    const recorded = (await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling;
    const issued = await w.uc.approve(w.actor, held.id, { quantity: 2.5 });

    expect(held.lines.map((l) => l.name)).toEqual(['Payroll', 'Advisory hours']);
    expect(payroll).toMatchObject({ ok: true, value: { status: 'held' } });
    expect(recorded).toMatchObject({ lastBilled: { quantity: 12 } });
    expect(issued).toMatchObject({ ok: true, value: { status: 'issued', number: 1, lines: [{ quantity: 12 }, { quantity: 2.5, amounts: { net: 22500 } }] } });
    expect((await w.schedules.get(w.practice.id, sid('pay')))!.smartBilling).toMatchObject({ lastBilled: { quantity: 12 } });
  });

  it('skips a held period: nothing billed, no number, and never billed again', async () => {
    const w = await world();
    await w.add(smart());
    w.gusto.answers.set('co-1', { kind: 'hold', reason: 'not-linked' });
    const held = (await w.uc.run(w.practice.id, '2026-04-01')).held[0]!.invoice;

    const skipped = await w.uc.skipPeriod(w.actor, held.id);
    const rerun = await w.uc.run(w.practice.id, '2026-04-01');

    expect(skipped).toMatchObject({ ok: true, value: { status: 'skipped', number: null } });
    expect(rerun).toEqual({ issued: [], held: [], skipped: 0 });
    expect(w.writes('ledger')).toEqual([]);
    expect(w.audit.events.at(-1)).toMatchObject({ action: 'invoice.skipped', actor: 'Ann' });
  });
});

describe('estimates and settling held invoices', () => {
  const hourly = () => upfrontSchedule({ id: sid('tax') }, line({ name: 'Tax advice', price: { kind: 'hourly', hourlyRate: 9000 }, quantity: 3 }));

  it('holds an hourly estimate with a Confirm button, and confirming issues it at the estimate', async () => {
    const w = await world();
    await w.add(hourly());

    const held = (await w.uc.run(w.practice.id, '2026-03-02')).held[0]!.invoice;
    const card = (w.writes('chat')[0]!.payload as { card: { buttons: { label: string; command: string }[] } }).card;
    const confirmed = await w.uc.approve(w.actor, held.id);

    expect(card.buttons).toEqual([
      { label: 'Confirm £270.00', command: `invoice approve ${held.id}`, style: 'primary' }, { label: 'Edit amount', command: `invoice approve ${held.id} amount=` },
    ]);
    expect(confirmed).toMatchObject({ ok: true, value: { status: 'issued', number: 1, totals: { net: 27000, gross: 32400 } } });
    expect((await w.schedules.get(w.practice.id, sid('tax')))!.status).toBe('invoiced');
  });

  it('refuses to approve or skip an invoice that is not held, or one that does not exist, and changes nothing', async () => {
    const w = await world();
    await w.add(upfrontSchedule());
    const issued = (await w.uc.run(w.practice.id, '2026-03-02')).issued[0]!.invoice;

    const approve = await w.uc.approve(w.actor, issued.id, { quantity: 2 });
    const skip = await w.uc.skipPeriod(w.actor, issued.id);
    const missing = await w.uc.skipPeriod(w.actor, 'nope' as InvoiceId);

    expect(approve).toEqual({ ok: false, error: { kind: 'not-held', status: 'issued', number: 1 } });
    expect(skip).toEqual({ ok: false, error: { kind: 'not-held', status: 'issued', number: 1 } });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found', what: 'invoice' } });
    expect(await w.invoices.get(w.practice.id, issued.id)).toEqual(issued);
  });

  it('keeps an invoice held, and unnumbered, while one of its lines still waits', async () => {
    const w = await world();
    await w.add(hourly(), upfrontSchedule({ id: sid('audit') }, line({ id: 'au', name: 'Audit', price: { kind: 'range', min: 60000, max: 90000 } })));
    const held = (await w.uc.run(w.practice.id, '2026-03-02')).held[0]!.invoice;

    const first = await w.uc.approve(w.actor, held.id, { line: 2 });
    const second = await w.uc.approve(w.actor, held.id, { amount: 75000 });

    expect(held.lines.map((l) => l.name)).toEqual(['Audit', 'Tax advice']);
    expect(first).toMatchObject({ ok: true, value: { status: 'held', number: null, lines: [{ hold: { kind: 'confirm-amount' } }, { quantity: 3 }] } });
    expect(second).toMatchObject({ ok: true, value: { status: 'issued', number: 1, totals: { net: 102000 } } });
    expect(w.audit.events.map((e) => e.action)).toEqual(['invoice.held', 'invoice.line_approved', 'invoice.approved']);
  });
});

describe('instant bills', () => {
  it('bills a library service at once: issued, numbered, due by the manual terms and deployed', async () => {
    const w = await world();
    await w.services.save(libraryService());

    const billed = await w.uc.billInstantly(w.actor, { clientId: asId('c1'), serviceId: 'svc-1' as ServiceId, quantity: 2 });

    expect(billed).toMatchObject({ ok: true, value: {
      kind: 'instant', status: 'issued', number: 1, proposal: null, issueDate: '2026-03-02', dueDate: '2026-03-09',
      lines: [{ scheduleId: null, period: 'once', quantity: 2, amounts: { net: 30000, gross: 36000 } }],
    } });
    expect(w.writes('ledger')).toHaveLength(1);
    expect(w.audit.events.at(-1)).toMatchObject({ action: 'invoice.instant', subject: 'INV-0001', detail: { service: 'Company formation' } });
  });

  it('asks for a price to bill a range, and refuses an unknown client or an archived service', async () => {
    const w = await world();
    await w.services.save(libraryService({ price: { kind: 'range', min: 50000, max: 80000 } }));
    await w.services.save(libraryService({ id: 'old' as ServiceId, archived: true }));

    const range = await w.uc.billInstantly(w.actor, { clientId: asId('c1'), serviceId: 'svc-1' as ServiceId });
    const stranger = await w.uc.billInstantly(w.actor, { clientId: asId('c9'), serviceId: 'svc-1' as ServiceId });
    const archived = await w.uc.billInstantly(w.actor, { clientId: asId('c1'), serviceId: 'old' as ServiceId });

    expect(range).toMatchObject({ ok: false, error: { kind: 'price-needed', low: 50000, high: 80000 } });
    expect(stranger).toMatchObject({ ok: false, error: { kind: 'not-found', what: 'client' } });
    expect(archived).toMatchObject({ ok: false, error: { kind: 'not-found', what: 'service', hint: 'Company formation is archived.' } });
    expect(await w.all()).toEqual([]);
  });
});
