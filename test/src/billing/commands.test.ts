import { describe, expect, it } from 'vitest';
import type { EnabledScheduleSmartBilling } from '../../../domain/billing/smart-billing.js';
import type { ServiceId } from '../../../domain/proposals/service.js';
import { asId } from '../../../domain/shared/ids.js';
import type { Card } from '../../../src/cards.js';
import { createChatCore } from '../../../src/commands/core.js';
import { billingWorld } from '../../builders/billing-world.js';
import { monthlyLine } from '../../builders/proposals.js';
import { recurringSchedule } from '../../builders/schedules.js';
import { libraryService } from '../../builders/services.js';
import { sequentialIds } from '../../fakes/clock.js';
import { InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';

const gustoCompany: EnabledScheduleSmartBilling = { status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto' };

/**
 * The billing verbs behind the chat core, in practice pr1 (Slack workspace T1): clients Acme Ltd and
 * Acme Trading Ltd; services Company formation (£150), Payroll bureau (£90) and Tax investigation
 * (£500–£800). "boss" is an admin, anyone else staff.
 */
const world = async () => {
  const w = await billingWorld();
  await w.clients.save({ ...w.client, id: asId('c2'), name: 'Acme Trading Ltd' });
  await w.services.save(libraryService());
  await w.services.save(libraryService({ id: 'svc-2' as ServiceId, name: 'Payroll bureau', price: { kind: 'fixed', amount: 9000 } }));
  await w.services.save(libraryService({ id: 'svc-3' as ServiceId, name: 'Tax investigation', price: { kind: 'range', min: 50000, max: 80000 } }));
  const practices = new InMemoryPracticeStore();
  await practices.create(w.practice, { platform: 'slack', workspaceId: 'T1' });
  const core = createChatCore({
    practices, users: new InMemoryUserStore(), audit: w.audit, clock: w.clock, ids: sequentialIds('u'), commands: w.commands,
    roleForNewUser: (r) => (r.identity.userId === 'boss' ? 'admin' : 'staff'),
  });
  const say = async (text: string, userId = 'boss'): Promise<Card[]> =>
    [...(await core.handle({ identity: { platform: 'slack', workspaceId: 'T1', userId }, displayName: userId, text })).cards];
  const invoices = () => w.invoices.list(w.practice.id);
  return { ...w, say, invoices };
};

describe('bill CLIENT SERVICE', () => {
  it('bills a library service to a client named in quotes, with a quantity, and owes Sage the invoice', async () => {
    const w = await world();

    const [reply] = await w.say('bill "Acme Ltd" "Company formation" qty=2');

    expect(reply).toMatchObject({ title: 'INV-0001 issued to Acme Ltd', tone: 'success' });
    expect(reply?.fields).toContainEqual({ label: 'Total', value: '£360.00' });
    expect((await w.invoices()).map((i) => [i.clientId, i.lines.map((l) => [l.name, l.quantity]), i.totals.net])).toEqual([['c1', [['Company formation', 2]], 30000]]);
    expect([...w.outbox.rows.values()].map((r) => [r.app, r.kind, r.payload['reference']])).toEqual([['sage', 'invoice', 'INV-0001']]);
  });

  it('refuses qty=0 rather than issue an empty invoice', async () => {
    const w = await world();

    const [reply] = await w.say('bill "Acme Ltd" "Company formation" qty=0');

    expect(reply).toMatchObject({ title: 'Nothing to bill', tone: 'error' });
    expect(await w.invoices()).toEqual([]);
  });

  it('finds a client and a service of several words each without quotes, the longest client name first', async () => {
    const w = await world();

    const [reply] = await w.say('bill Acme Trading Ltd Payroll bureau');

    expect(reply?.title).toBe('INV-0001 issued to Acme Trading Ltd');
    expect((await w.invoices())[0]?.lines.map((l) => [l.name, l.amounts.net])).toEqual([['Payroll bureau', 9000]]);
  });

  it('bills a service priced as a range at the price typed, and asks for one when none is', async () => {
    const w = await world();

    const [asked] = await w.say('bill "Acme Ltd" "Tax investigation"');
    const [billed] = await w.say('bill "Acme Ltd" "Tax investigation" price=650');

    expect(asked).toMatchObject({ title: 'Invoice not changed', text: 'Tax investigation is priced as a range (£500.00–£800.00): say the price to bill with price=…' });
    expect(billed?.title).toBe('INV-0001 issued to Acme Ltd');
    expect((await w.invoices()).map((i) => i.totals)).toEqual([{ net: 65000, vat: 13000, gross: 78000 }]);
  });

  it.each([
    ['qty=two', 'Not a quantity', 'qty= takes a number of units, like qty=12 or qty=2.5 (got "two").'],
    ['qty=-1', 'Not a quantity', '(got "-1")'],
    ['qty=', 'Not a quantity', '(got "")'],
    ['qty=0x10', 'Not a quantity', '(got "0x10")'],
    ['qty=1e2', 'Not a quantity', '(got "1e2")'],
    ['price=12.345', 'Not an amount', 'price= takes a sum of 0 or more, like price=450 or price=450.50: at most 2 decimal places.'],
    ['price=lots', 'Not an amount', 'price= takes a sum of 0 or more, like price=450 or price=450.50: "lots" is not an amount'],
    ['price=-150', 'Not an amount', 'price= takes a sum of 0 or more, like price=450 or price=450.50 (got "-150").'],
  ])('answers %s with a card that says what it takes, and bills nothing', async (figure, title, text) => {
    const w = await world();

    const [reply] = await w.say(`bill "Acme Ltd" "Company formation" ${figure}`);

    expect(reply).toMatchObject({ title, tone: 'error' });
    expect(reply?.text).toContain(text);
    expect(await w.invoices()).toEqual([]);
  });

  it('says how to name a client and service it cannot find', async () => {
    const w = await world();

    const [reply] = await w.say('bill "Gamma Ltd" "Company formation"');

    expect(reply).toMatchObject({ title: 'Which client and service?', tone: 'error' });
    expect(reply?.text).toContain('`bill "Acme Ltd" "Payroll" qty=12`');
  });
});

describe('invoice approve ID', () => {
  /** The April payroll invoice, held because Gusto gave no count, made by `billing run` on 1 April. */
  const held = async () => {
    const w = await world();
    const payroll = monthlyLine({ id: 'pay', name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1500 }, quantity: 8 });
    await w.schedules.saveMany([recurringSchedule({ smartBilling: gustoCompany }, payroll)]);
    w.clock.set('2026-04-01T09:00:00Z');
    const [report] = await w.say('billing run');
    const [invoice] = await w.invoices();
    return { ...w, report, id: invoice!.id };
  };

  it('issues a held invoice with the count a person types', async () => {
    const w = await held();

    const [reply] = await w.say(`invoice approve ${w.id} qty=12`);

    expect(w.report).toMatchObject({ title: 'Billing run: 0 invoices issued, 1 held' });
    expect(reply).toMatchObject({ title: 'INV-0001 issued to Acme Ltd (P-1)', tone: 'success' });
    expect((await w.invoices()).map((i) => [i.status, i.lines[0]?.quantity, i.totals.net])).toEqual([['issued', 12, 18000]]);
  });

  it.each([
    ['qty=twelve', 'Not a quantity'],
    ['amount=12.345', 'Not an amount'],
    ['amount=-5', 'Not an amount'],
    ['line=first', 'Not a line number'],
  ])('answers %s with a clear card and leaves the invoice held', async (figure, title) => {
    const w = await held();

    const [reply] = await w.say(`invoice approve ${w.id} ${figure}`);

    expect(reply).toMatchObject({ title, tone: 'error' });
    expect((await w.invoices()).map((i) => i.status)).toEqual(['held']);
  });

  it('asks which invoice when none is named', async () => {
    const w = await world();

    const [reply] = await w.say('invoice approve qty=3');

    expect(reply).toMatchObject({ title: 'Which invoice?', tone: 'error' });
  });
});

describe('sage settings', () => {
  it('shows the Sage settings card when given no values', async () => {
    const w = await world();

    const [reply] = await w.say('sage settings');

    expect(reply?.title).toBe('Sage app settings: Smith & Co Ltd');
    expect(reply?.form?.submit).toBe('sage settings');
  });

  it('saves the values the form submits', async () => {
    const w = await world();

    const [reply] = await w.say('sage settings sales-account=4010 descriptions=off');

    expect(reply?.text).toContain('Settings saved.');
    expect((await w.stored()).settings['ledger']).toMatchObject({ salesAccount: { id: 'acc-4010' }, includeDescriptions: false });
    expect(w.audit.events.map((e) => e.action)).toContain('sage.settings_saved');
  });

  it('is for admins only', async () => {
    const w = await world();
    await w.say('whoami');

    const [reply] = await w.say('sage settings descriptions=off', 'junior');

    expect(reply?.title).toBe('Admins only');
    expect((await w.stored()).settings['ledger']).toMatchObject({ includeDescriptions: true });
  });
});
