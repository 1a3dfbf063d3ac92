import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/cards.js';
import { asId } from '../../../domain/shared/ids.js';
import { proposalWorld, tokenOf, type ProposalWorld } from '../../builders/proposal-world.js';
import { InMemoryClientStore } from '../../fakes/in-memory-clients.js';

const linkIn = (cards: readonly Card[]): string => cards[0]!.fields!.find((f) => f.label === 'Link')!.value;

/** Three services and a three-tier draft, typed as a person would in the shell. */
const threeTierDraft = async (w: ProposalWorld) => {
  await w.say('service add "Year-end accounts" price=1200 billing=upfront description="Statutory **accounts**"');
  await w.say('service add Bookkeeping price=250 billing=monthly');
  await w.say('service add Payroll unit-price=12 unit="active employee" minimum=60 billing=monthly');
  await w.say('service add "Tax investigation" range=500-900 billing=on-completion');
  await w.say('proposal new "Acme Ltd"');
  for (const tier of ['Bronze', 'Silver', 'Gold']) await w.say(`proposal add "Year-end accounts" tier=${tier}`);
  await w.say('proposal add Bookkeeping tier=Silver');
  await w.say('proposal add Bookkeeping tier=Gold price=400');
  await w.say('proposal add Payroll tier=Gold qty=8');
  await w.say('proposal add "Tax investigation" addon=yes');
};

describe('proposals through the shell', () => {
  it('builds a three-tier proposal from the library with exact tier totals', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);

    const [shown] = await w.say('proposal show P-1');

    expect(shown!.title).toBe('P-1 · Acme Ltd — Proposal for Acme Ltd');
    expect(shown!.fields).toContainEqual({ label: 'Options', value: 'Bronze, Silver, Gold' });
    expect(shown!.rows!.map((r) => r.title)).toEqual(['Option: Bronze', 'Option: Silver', 'Option: Gold', 'Optional add-ons']);
    expect(shown!.rows![2]!.text).toContain('Total: £1,440.00 on acceptance and £595.20 a month, including VAT');
    expect(shown!.rows![3]!.text).toContain('£600.00–£1,080.00 on completion');
  });

  it('answers bad input with the argument at fault and writes nothing', async () => {
    const w = await proposalWorld();

    const [card] = await w.say('service add Audit price=12.345');

    expect(card).toMatchObject({ tone: 'error', text: expect.stringContaining('`price`: at most 2 decimal places') });
    expect(await w.deps.services.list(w.practice.id)).toEqual([]);
  });

  it('refuses a fourth tier and asks which tier when there are several', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);

    const [fourth] = await w.say('proposal add Bookkeeping tier=Platinum');
    const [unsaid] = await w.say('proposal add Bookkeeping');

    expect(fourth!.text).toContain('at most 3 options');
    expect(unsaid!.text).toContain('tier=Bronze|Silver|Gold');
  });

  it('sends, is opened, accepted on the web, and leaves schedules and an acceptance card', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    const token = tokenOf(linkIn(await w.say('proposal send P-1')));

    const page = await w.uc.web.open(token);
    if (page.kind !== 'open') throw new Error('page not open');
    const gold = page.proposal.content.tiers.find((t) => t.name === 'Gold')!;
    const addOn = page.proposal.content.addOns[0]!;
    const result = await w.uc.web.accept(token, { tierId: gold.id, addOnIds: [addOn.id], signerName: 'Jane Client', ip: '203.0.113.5', userAgent: 'UA', contentSha256: 'f'.repeat(64) });

    expect(result.ok).toBe(true);
    expect(w.notifier.sent.map((n) => n.event)).toEqual(['proposal.viewed', 'proposal.accepted']);
    const accepted = w.notifier.sent[1]!.card;
    expect(accepted.title).toBe('Acme Ltd accepted P-1: Gold');
    expect(accepted.fields).toEqual(expect.arrayContaining([
      { label: 'Due now', value: '£1,440.00' }, { label: 'Each month', value: '£595.20' },
      { label: 'On completion', value: '£600.00–£1,080.00' }, { label: 'Signed by', value: 'Jane Client' },
    ]));
    expect(accepted.buttons).toEqual(expect.arrayContaining([
      { label: 'View proposal', command: 'proposal show P-1', style: 'primary' },
      { label: 'Mark "Tax investigation" complete', command: 'service complete P-1 "Tax investigation"' },
    ]));
    const [schedules] = await w.say('proposal schedules P-1');
    expect(schedules!.rows!.map((r) => r.title)).toEqual([
      'Year-end accounts — £1,440.00', 'Bookkeeping — £480.00', 'Payroll — £115.20', 'Tax investigation — £600.00–£1,080.00 (estimate, confirm before billing)',
    ]);
    expect(w.audit.events.find((e) => e.action === 'proposal.accepted')?.detail).toMatchObject({ ip: '203.0.113.5', contentSha256: 'f'.repeat(64), signerName: 'Jane Client' });
  });

  it('records acceptance once when two submissions race', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    const token = tokenOf(linkIn(await w.say('proposal send P-1')));
    const page = await w.uc.web.open(token);
    if (page.kind !== 'open') throw new Error('page not open');
    const sig = { tierId: page.proposal.content.tiers[0]!.id, addOnIds: [], signerName: 'Jane', ip: '1.1.1.1', userAgent: 'UA', contentSha256: 'a'.repeat(64) };

    const results = await Promise.all([w.uc.web.accept(token, sig), w.uc.web.accept(token, sig)]);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { kind: 'illegal-transition', from: 'accepted' } });
    expect(w.notifier.sent.filter((n) => n.event === 'proposal.accepted')).toHaveLength(1);
  });

  it('marks an on-completion service complete once', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    await w.say('proposal send P-1');
    await w.say('proposal accept-internally P-1 tier=Gold addons="Tax investigation"');

    const [done] = await w.say('service complete P-1 "Tax investigation"');
    const [again] = await w.say('service complete P-1 Tax');

    expect(done!.title).toBe('Tax investigation is complete');
    expect(again!.text).toContain('already marked complete on 2026-03-02');
  });

  it('shows an internal acceptance as such and freezes it against revoking or editing', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    await w.say('proposal send P-1');

    const [accepted] = await w.say('proposal accept-internally P-1 tier=Silver');
    const [revoke] = await w.say('proposal revoke P-1');
    const [add] = await w.say('proposal add Bookkeeping tier=Silver proposal=P-1');

    expect(accepted!.text).toContain("Ann accepted on the client's behalf");
    expect(revoke!.text).toBe("This proposal can't be revoked: it has been accepted and is now frozen.");
    expect(add!.text).toContain('Only drafts can be edited');
  });

  it('fills in merge fields in the cover letter as it does in the terms, and refuses a mistyped one in either', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);

    const [typo] = await w.say('proposal edit cover="Dear {clinet}"');
    await w.say('proposal edit cover="Dear {client}, from {practice}: {tier}." terms="{client} agrees."');
    await w.say('proposal send P-1');
    await w.say('proposal accept-internally P-1 tier=Silver');

    expect(typo).toMatchObject({ tone: 'error', text: expect.stringContaining('`cover`: unknown merge fields {clinet}; use {client}, {practice}') });
    const accepted = await w.deps.proposals.findByNumber(w.practice.id, 1);
    if (accepted?.status !== 'accepted') throw new Error('not accepted');
    expect(accepted.acceptance.snapshot.coverLetter).toBe('Dear Acme Ltd, from Smith & Co: Silver.');
    expect(accepted.acceptance.snapshot.terms).toBe('Acme Ltd agrees.');
  });

  it('counts things in proper English: one day, one time, three options', async () => {
    const w = await proposalWorld();
    await w.say('service add Onboarding price=100 billing=monthly end=1');
    await w.say('proposal new "Acme Ltd"');

    const [edited] = await w.say('proposal edit valid-days=1');
    const [templates] = await w.say('proposal templates');
    const [services] = await w.say('services');

    expect(edited!.fields).toContainEqual({ label: 'Valid for', value: '1 day after sending' });
    expect(edited!.fields).toContainEqual({ label: 'Options', value: 'none yet' });
    expect(templates!.rows![0]!.text).toBe('template=people-advisory · 3 options · priced per active employee');
    expect(services!.rows![0]!.text).toContain('Monthly from acceptance, 1 time');
  });

  it('says a frozen proposal is frozen before asking anything else about the change', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    await w.say('proposal send P-1');
    await w.say('proposal accept-internally P-1 tier=Silver');

    const [noTier] = await w.say('proposal add Bookkeeping proposal=P-1');
    const [noSuchService] = await w.say('proposal add Nonsense proposal=P-1');
    const [form] = await w.say('proposal add proposal=P-1');

    for (const reply of [noTier, noSuchService, form]) {
      expect(reply!.text).toBe('Only drafts can be edited: it has been accepted and is now frozen; clone it to make changes.');
    }
  });

  it('needs a tier to accept internally when there are several', async () => {
    const w = await proposalWorld();
    await threeTierDraft(w);
    await w.say('proposal send P-1');

    const [card] = await w.say('proposal accept-internally P-1');

    expect(card!.text).toContain('say which with tier=Bronze|Silver|Gold');
    expect((await w.uc.drafting.show(w.actor, 'P-1')).ok && (await w.deps.proposals.findByNumber(w.practice.id, 1))?.status).toBe('sent');
  });

  it('starts the proposal for a client someone adds under that name while it looks, rather than a second lead', async () => {
    const clients = new InMemoryClientStore();
    // The last look the name lookup takes finds nothing, and the client appears just after it.
    const search = clients.search.bind(clients);
    clients.search = async (practiceId, query, page) => {
      const before = await search(practiceId, query, page);
      await clients.add({ id: asId('just-added'), practiceId, status: 'client', name: query, createdAt: new Date(), updatedAt: new Date() });
      return before;
    };
    const w = await proposalWorld({ stores: { clients } });

    await w.say('proposal new "Acme Ltd"');

    expect((await clients.search(w.practice.id, '', { limit: 5, offset: 0 })).items.map((c) => c.id)).toEqual(['just-added']);
    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.clientId).toBe('just-added');
  });
});

describe('forms for Slack and Teams modals', () => {
  it('offers a service form when `service add` has no arguments, and its blank fields are ignored on submit', async () => {
    const w = await proposalWorld();

    const [form] = await w.say('service add');
    const submitted = `${form!.form!.submit} name=Audit description= price=4,500 unit-price= unit= minimum= hourly= range= billing=on-completion start= end= tax=standard prices=exclusive included=no`;
    const [added] = await w.say(submitted);

    expect(form!.form!.inputs.map((i) => i.id)).toEqual(['name', 'description', 'price', 'unit-price', 'unit', 'minimum', 'hourly', 'range', 'billing', 'start', 'end', 'tax', 'prices', 'included']);
    expect(added).toMatchObject({ title: 'Added Audit', fields: expect.arrayContaining([{ label: 'Price', value: '£4,500.00 + tax' }, { label: 'Billing', value: 'On completion' }]) });
  });

  it('prefills the edit form with the service as it is', async () => {
    const w = await proposalWorld();
    await w.say('service add Payroll unit-price=12 unit="active employee" minimum=60 billing=monthly end=12');

    const [form] = await w.say('service edit Payroll');

    const initial = Object.fromEntries(form!.form!.inputs.map((i) => [i.id, i.initial]));
    expect(initial).toMatchObject({ name: 'Payroll', 'unit-price': '12.00', unit: 'active employee', minimum: '60.00', billing: 'monthly', end: '12', tax: 'standard' });
    expect(form!.form!.submit).toBe('service edit "Payroll"');
  });

  it('refuses a decimal comma in a price, for a service and for a proposal line, and says how to write it', async () => {
    const w = await proposalWorld();
    await w.say('service add Bookkeeping price=250 billing=monthly');
    await w.say('proposal new "Acme Ltd"');

    const [service] = await w.say('service add Audit price=12,50');
    const [line] = await w.say('proposal add Bookkeeping price=1,23,456');

    for (const c of [service, line]) expect(c).toMatchObject({ tone: 'error', text: expect.stringContaining('`price`: "') });
    expect(service!.text).toContain('e.g. 1250.50 or 1,250.00');
    expect((await w.deps.services.list(w.practice.id)).map((s) => s.name)).toEqual(['Bookkeeping']);
    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.content.tiers).toEqual([]);
  });

  it('refuses a quantity of zero and adds nothing', async () => {
    const w = await proposalWorld();
    await w.say('service add Bookkeeping price=250 billing=monthly');
    await w.say('proposal new "Acme Ltd"');

    const [card] = await w.say('proposal add Bookkeeping qty=0');
    const [decimal] = await w.say('proposal add Bookkeeping qty=0.000');

    expect(card).toMatchObject({ tone: 'error', text: expect.stringContaining('`qty`: a quantity is a number above 0') });
    expect(decimal!.tone).toBe('error');
    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.content.tiers).toEqual([]);
  });

  it('offers proposal and add-service forms, and refuses an unknown argument', async () => {
    const w = await proposalWorld();
    await w.say('service add Bookkeeping price=250 billing=monthly');

    const [newForm] = await w.say('proposal new');
    await w.say(`${newForm!.form!.submit} client="Acme Ltd" template=`);
    const [addForm] = await w.say('proposal add');
    const [added] = await w.say(`${addForm!.form!.submit} service=Bookkeeping tier=Gold qty= price= addon=no`);
    const [typo] = await w.say('proposal add Bookkeeping quantity=3');

    expect(newForm!.form!.inputs.find((i) => i.id === 'template')?.options?.map((o) => o.value)).toEqual(['people-advisory']);
    expect(addForm!.form!.submit).toBe('proposal add proposal=P-1');
    expect(added!.title).toBe('Added Bookkeeping to P-1 (Gold)');
    expect(typo!.text).toContain('`quantity`: you can give qty');
  });
});
