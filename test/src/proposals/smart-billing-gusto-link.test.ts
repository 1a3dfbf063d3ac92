import { afterEach, describe, expect, it } from 'vitest';
import { smartBillingFlag } from '../../../src/apps/settings.js';
import { createGustoCompanies } from '../../../src/proposals/gusto-companies.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';
import { proposalWorld, type ProposalWorld } from '../../builders/proposal-world.js';

let gusto: GustoWorld;
afterEach(async () => { await gusto.close(); });

/** Gusto and proposals over the same practice, clients and links, joined by the billing hooks as compose.ts joins them. */
const bothWorlds = async (): Promise<ProposalWorld> => {
  gusto = await gustoWorld({ count: 2, billing: {
    onClientLinked: async (practiceId, clientId) => { await proposals.uc.smartBilling.reoffer(practiceId, clientId); },
    lastBilled: (practiceId, clientId) => proposals.uc.smartBilling.lastBilled(practiceId, clientId),
    chosenCompany: (practiceId, clientId) => proposals.uc.smartBilling.chosenCompany(practiceId, clientId),
  } });
  const s = gusto.stores;
  const proposals = await proposalWorld({ practiceId: gusto.practice.id, stores: {
    clients: s.clients, appLinks: s.links, connections: s.connections, notifier: gusto.notifier,
    gusto: createGustoCompanies({ connections: s.connections, links: s.links, flags: s.flags, labsKey: smartBillingFlag }),
  } });
  await s.flags.set(gusto.practice.id, smartBillingFlag, 'on');
  return proposals;
};

describe('a proposal for a client linked to Gusto', () => {
  it('shows the company details Gusto filled in for review, and offers the People Advisory template', async () => {
    const w = await bothWorlds();
    const company = gusto.sandbox.companies()[0]!;
    await gusto.connect(company.uuid);

    const [started, details] = await w.say(`proposal new "${company.name}"`);

    expect(started!.buttons!.map((b) => b.label)).toContain('Use People Advisory template');
    expect(details!.title).toBe(`${company.name}: company details from Gusto`);
    expect(details!.fields!.map((f) => f.label)).toEqual(expect.arrayContaining(['Employees', 'Business structure']));
  });
});

describe('Smart Billing after the client\'s Gusto company is disconnected', () => {
  it('says the company was disconnected, in the proposal\'s panel and the preview, rather than "not linked yet"', async () => {
    const w = await bothWorlds();
    const company = gusto.sandbox.companies()[0]!;
    await gusto.connect(company.uuid);
    await w.say('service add Payroll unit-price=12 unit="active employee" billing=monthly');
    await w.say(`proposal new "${company.name}"`);
    await w.say('proposal add Payroll');
    const label = (await gusto.stores.connections.list(gusto.practice.id, 'gusto'))[0]!.label;
    await gusto.uc.settings.disconnect(gusto.practice, gusto.admin, label);

    const [panel] = await w.say('proposal smart-billing P-1');
    const preview = await gusto.uc.overview.preview(gusto.practice, company.name);

    expect(panel!.text).toContain(`${company.name}'s Gusto company was disconnected`);
    expect(panel!.text).not.toContain('not linked');
    expect(panel!.buttons).toContainEqual({ label: 'Connect Gusto', command: 'connect gusto' });
    expect(preview.text).toContain('Gusto company was disconnected');
    expect(preview.buttons).toContainEqual(expect.objectContaining({ label: 'Connect Gusto' }));
  });
});

describe('Smart Billing kept "for later" and Gusto', () => {
  it("re-offers the pending choice, with a button for the client's company, when that company is connected and synced", async () => {
    const w = await bothWorlds();
    const company = gusto.sandbox.companies()[0]!;
    await w.say('service add Payroll unit-price=12 unit="active employee" billing=monthly');
    await w.say(`proposal new "${company.name}"`);
    await w.say('proposal add Payroll');
    await w.say('proposal smart-billing P-1 Payroll company=later');

    await gusto.connect(company.uuid);

    const offer = gusto.notifier.sent.find((n) => n.card.title.startsWith('Turn on Smart Billing'));
    expect(offer).toMatchObject({ event: 'sync.finished', card: { title: `Turn on Smart Billing for ${company.name}?` } });
    const enable = offer!.card.rows![0]!.buttons![0]!;
    expect(enable.label).toBe(`Enable with ${company.name}`);
    const [done] = await w.say(enable.command!);
    expect(done!.title).toBe('Smart Billing is on for Payroll (P-1)');
    const choice = { status: 'enabled' as const, companyId: company.uuid, companyName: company.name };
    expect(await gusto.uc.smartBilling.quantityToBill(gusto.practice.id, choice)).toMatchObject({ kind: 'bill', evidence: { source: 'gusto' } });
  });

  it('posts no offer when the connected company belongs to a client with nothing pending', async () => {
    await bothWorlds();
    const company = gusto.sandbox.companies()[1]!;

    await gusto.connect(company.uuid);

    expect(gusto.notifier.sent.map((n) => n.card.title).filter((t) => t.startsWith('Turn on Smart Billing'))).toEqual([]);
  });
});

describe('Smart Billing with a company other than the one the client is linked to', () => {
  it('bills the company chosen on the schedule, in the billing hook and the preview', async () => {
    const w = await bothWorlds();
    const [linked, chosen] = gusto.sandbox.companies();
    await gusto.connect(linked!.uuid);
    await gusto.connect(chosen!.uuid);
    await w.say('service add Payroll unit-price=12 unit="active employee" billing=monthly');
    await w.say(`proposal new "${linked!.name}"`);
    await w.say('proposal add Payroll');
    await w.say(`proposal smart-billing P-1 Payroll company="${chosen!.trade_name ?? chosen!.name}"`);
    await w.say('proposal send P-1');
    await w.say('proposal accept-internally P-1');
    const p = (await w.deps.proposals.findByNumber(w.practice.id, 1))!;
    const schedule = (await w.deps.schedules.listForProposal(w.practice.id, p.id)).find((s) => s.line.name === 'Payroll')!;
    const counts = (await Promise.all([linked!, chosen!].map((c) => gusto.uc.overview.answerForCompany(gusto.practice, c.uuid))))
      .map((a) => (a.kind === 'bill' ? a.quantity : null));

    const billed = schedule.smartBilling?.status === 'enabled' ? await gusto.uc.smartBilling.quantityToBill(gusto.practice.id, schedule.smartBilling) : null;
    const preview = await gusto.uc.overview.preview(gusto.practice, linked!.name);

    expect(schedule.smartBilling).toMatchObject({ status: 'enabled', companyId: chosen!.uuid });
    expect(counts[0]).not.toBe(counts[1]);
    expect(billed).toMatchObject({ kind: 'bill', quantity: counts[1] });
    expect(preview.fields).toContainEqual({ label: 'Gusto count', value: String(counts[1]) });
  });
});

