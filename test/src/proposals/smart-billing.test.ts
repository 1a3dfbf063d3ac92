import { describe, expect, it } from 'vitest';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import { proposalWorld, type ProposalWorld } from '../../builders/proposal-world.js';

/** A per-employee service on a one-tier draft for Acme Ltd (P-1). */
const payrollDraft = async (w: ProposalWorld) => {
  await w.say('service add Payroll unit-price=12 unit="active employee" billing=monthly');
  await w.say('service add Bookkeeping price=250 billing=monthly');
  await w.say('proposal new "Acme Ltd"');
  await w.say('proposal add Payroll qty=8');
  await w.say('proposal add Bookkeeping');
  return (await w.deps.clients.findByName(w.practice.id, 'Acme Ltd'))[0]!;
};

const connectCompany = async (w: ProposalWorld, externalId: string, label: string, clientId?: string) => {
  const c: AppConnection = {
    id: asId(`conn-${externalId}`), practiceId: w.practice.id, provider: 'gusto', externalId, label, status: 'active', settings: {},
    tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2027-01-01') }, connectedAt: w.clock.now(),
  };
  await w.connections.save(c);
  if (clientId) await w.deps.appLinks.save({ practiceId: w.practice.id, provider: 'gusto', externalId, clientId: asId(clientId), syncLevel: 'all' });
};

const labsOn = (w: ProposalWorld) => w.flags.set(w.practice.id, 'labs.smart-billing', 'on');
const settings = async (w: ProposalWorld) => {
  const p = (await w.deps.proposals.findByNumber(w.practice.id, 1))!;
  return w.deps.smartBillings.listForProposal(w.practice.id, p.id);
};

describe('Smart Billing on proposal lines', () => {
  it('explains how to turn on the Labs switch, and writes nothing, while it is off', async () => {
    const w = await proposalWorld();
    await payrollDraft(w);

    const [panel] = await w.say('proposal smart-billing P-1');
    const [choose] = await w.say('proposal smart-billing P-1 Payroll company=later');
    const [shown] = await w.say('proposal show P-1');

    expect(panel).toMatchObject({ title: 'Smart Billing is switched off for your practice', tone: 'warning', text: expect.stringContaining('/ignition labs smart-billing on') });
    expect(panel!.buttons).toEqual([expect.objectContaining({ command: 'labs smart-billing on' })]);
    expect(choose!.title).toBe(panel!.title);
    expect(await settings(w)).toEqual([]);
    expect(shown!.rows!.map((r) => r.title)).not.toContain('Smart Billing (Labs)');
  });

  it("offers the client's linked Gusto company for per-unit lines, and pressing it turns Smart Billing on", async () => {
    const w = await proposalWorld();
    const client = await payrollDraft(w);
    await labsOn(w);
    await connectCompany(w, 'co-1', 'Acme Gusto', client.id);
    await connectCompany(w, 'co-2', 'Other Gusto');

    const [shown] = await w.say('proposal show P-1');
    const [panel] = await w.say('proposal smart-billing P-1');
    const use = panel!.rows![0]!.buttons![0]!;
    const [done] = await w.say(use.command!);

    expect(shown!.rows!.at(-1)).toMatchObject({ title: 'Smart Billing (Labs)', text: '• Payroll: off', buttons: [{ label: 'Smart Billing', command: 'proposal smart-billing P-1' }] });
    expect(panel!.rows!.map((r) => r.title)).toEqual(['Payroll: off']);
    expect(panel!.text).toContain('Acme Ltd is linked to the Gusto company Acme Gusto.');
    expect(panel!.rows![0]!.buttons!.map((b) => b.label)).toEqual(['Use Acme Gusto', 'Use Other Gusto', "I'll add it later"]);
    expect(done).toMatchObject({ title: 'Smart Billing is on for Payroll (P-1)', tone: 'success', text: expect.stringContaining('active employees Gusto reports for Acme Gusto') });
    expect(await settings(w)).toEqual([expect.objectContaining({ status: 'enabled', company: { externalId: 'co-1', name: 'Acme Gusto' }, chosenBy: 'Ann' })]);
    expect(w.audit.events.find((e) => e.action === 'proposal.smart_billing')).toMatchObject({ action: 'proposal.smart_billing', subject: 'P-1', detail: { choice: 'company', company: 'co-1' } });
  });

  it('offers Smart Billing when a per-unit service is added, and shows each service\'s state on the proposal', async () => {
    const w = await proposalWorld();
    await labsOn(w);
    await w.say('service add Payroll unit-price=12 unit="active employee" billing=monthly');
    await w.say('proposal new "Acme Ltd"');

    const [added] = await w.say('proposal add Payroll qty=8');
    await w.say('proposal smart-billing P-1 Payroll company=later');
    const [shown] = await w.say('proposal show P-1');

    expect(added!.buttons).toContainEqual({ label: 'Set up Smart Billing', command: 'proposal smart-billing P-1' });
    expect(shown!.rows!.at(-1)?.text).toBe('• Payroll: waiting for Gusto ("I\'ll add it later")');
  });

  it('answers an unknown company or a service not priced per unit with an error, and writes nothing', async () => {
    const w = await proposalWorld();
    await payrollDraft(w);
    await labsOn(w);

    const [unknown] = await w.say('proposal smart-billing P-1 Payroll company="Nope Inc"');
    const [fixed] = await w.say('proposal smart-billing P-1 Bookkeeping company=later');
    const [missing] = await w.say('proposal smart-billing P-1 Payroll');

    expect(unknown).toMatchObject({ tone: 'error', title: 'No connected Gusto company called "Nope Inc"' });
    expect(fixed).toMatchObject({ tone: 'error', text: expect.stringContaining('Bookkeeping can\'t use Smart Billing: it has a fixed price') });
    expect(missing).toMatchObject({ tone: 'error', title: 'Which Gusto company?' });
    expect(await settings(w)).toEqual([]);
  });

  it('carries a pending choice into the billing schedule on acceptance, and a later company choice updates it', async () => {
    const w = await proposalWorld();
    await payrollDraft(w);
    await labsOn(w);
    await w.say('proposal smart-billing P-1 Payroll company=later');
    await w.say('proposal send P-1');
    await w.say('proposal accept-internally P-1');
    const p = (await w.deps.proposals.findByNumber(w.practice.id, 1))!;
    const payroll = async () => (await w.deps.schedules.listForProposal(w.practice.id, p.id)).find((s) => s.line.name === 'Payroll');
    const pending = await payroll();
    await connectCompany(w, 'co-1', 'Acme Gusto');

    const [done] = await w.say('proposal smart-billing P-1 Payroll company="Acme Gusto"');
    const [scheduleCard] = await w.say('proposal schedules P-1');

    expect(pending?.smartBilling).toEqual({ status: 'pending' });
    expect(done!.text).toContain('Its billing schedule is updated too.');
    expect((await payroll())?.smartBilling).toEqual({ status: 'enabled', companyId: 'co-1', companyName: 'Acme Gusto' });
    expect(scheduleCard!.rows!.find((r) => r.title.startsWith('Payroll'))?.text).toContain("Smart Billing: bills Acme Gusto's active employees from Gusto");
  });

  it('re-offers a pending choice with buttons once the client is linked to a Gusto company', async () => {
    const w = await proposalWorld();
    const client = await payrollDraft(w);
    await labsOn(w);
    await w.say('proposal smart-billing P-1 Payroll company=later');
    await connectCompany(w, 'co-1', 'Acme Gusto', client.id);

    const offered = await w.uc.smartBilling.reoffer(w.practice.id, client.id);
    const card = w.notifier.sent.at(-1)!.card;
    const [done] = await w.say(card.rows![0]!.buttons![0]!.command!);

    expect(offered).toBe(1);
    expect(card).toMatchObject({ title: 'Turn on Smart Billing for Acme Ltd?', text: expect.stringContaining('Acme Gusto is now connected') });
    expect(card.rows![0]!.buttons![0]).toMatchObject({ label: 'Enable with Acme Gusto', style: 'primary' });
    expect(done!.title).toBe('Smart Billing is on for Payroll (P-1)');
    expect(await w.deps.smartBillings.listPendingForClient(w.practice.id, client.id)).toEqual([]);
  });

  it('offers nothing again when nothing is pending, the Labs switch is off, or the service left the draft', async () => {
    const w = await proposalWorld();
    const client = await payrollDraft(w);
    await connectCompany(w, 'co-1', 'Acme Gusto', client.id);
    await labsOn(w);
    const before = w.notifier.sent.length;

    const nothingPending = await w.uc.smartBilling.reoffer(w.practice.id, client.id);
    await w.say('proposal smart-billing P-1 Payroll company=later');
    await w.flags.set(w.practice.id, 'labs.smart-billing', null);
    const labsOff = await w.uc.smartBilling.reoffer(w.practice.id, client.id);
    await labsOn(w);
    await w.say('proposal remove Payroll proposal=P-1');
    const lineGone = await w.uc.smartBilling.reoffer(w.practice.id, client.id);

    expect([nothingPending, labsOff, lineGone]).toEqual([0, 0, 0]);
    expect(w.notifier.sent.length).toBe(before);
  });
});
