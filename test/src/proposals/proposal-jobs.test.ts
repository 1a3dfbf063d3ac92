import { describe, expect, it } from 'vitest';
import { asId } from '../../../domain/shared/ids.js';
import type { Card } from '../../../src/cards.js';
import { proposalWorld, tokenOf, type ProposalWorld } from '../../builders/proposal-world.js';

const day = 86_400_000;
const linkIn = (cards: readonly Card[]): string => cards[0]!.fields!.find((f) => f.label === 'Link')!.value;

const sentProposal = async (w: ProposalWorld, to = 'jane@acme.test') => {
  await w.say('service add Bookkeeping price=250 billing=monthly');
  await w.say('proposal new "Acme Ltd"');
  await w.say('proposal add Bookkeeping');
  await w.say('proposal edit valid-days=10');
  return w.say(`proposal send P-1 to=${to}`);
};

describe('sending', () => {
  it('emails the client a link whose token is stored only as a hash', async () => {
    const w = await proposalWorld({ mailer: true });

    const cards = await sentProposal(w);

    const link = linkIn(cards);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/p\/[A-Za-z0-9_-]{43}$/);
    expect(w.mailer!.sent).toEqual([expect.objectContaining({ to: 'jane@acme.test', text: expect.stringContaining(link) })]);
    const p = await w.deps.proposals.findByNumber(w.practice.id, 1);
    expect(JSON.stringify(p)).not.toContain(tokenOf(link));
    expect(p?.status === 'sent' && p.linkHashes).toEqual([w.deps.links.hashOf(tokenOf(link))]);
  });

  it('still sends and gives the link in chat when email fails', async () => {
    const w = await proposalWorld({ mailer: true });
    w.mailer!.failNext = true;

    const [card] = await sentProposal(w);

    expect(card).toMatchObject({ tone: 'warning', text: expect.stringContaining('share the link yourself') });
  });

  it('refuses a bad address and sends nothing', async () => {
    const w = await proposalWorld({ mailer: true });

    const [card] = await sentProposal(w, 'not-an-email');

    expect(card!.text).toContain('`to`: "not-an-email" is not an email address');
    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.status).toBe('draft');
  });
});

describe('reminder and expiry jobs', () => {
  it('reminds after N days, up to M times, and a rerun the same day sends nothing', async () => {
    const w = await proposalWorld({ mailer: true });
    await sentProposal(w);

    const counts: number[] = [];
    for (const days of [1, 3, 3, 6, 9]) {
      w.clock.set(new Date(Date.parse('2026-03-02T10:00:00Z') + days * day));
      counts.push(await w.uc.sending.sendReminders());
    }

    expect(counts).toEqual([0, 1, 0, 1, 0]);
    expect(w.mailer!.sent.map((m) => m.subject.startsWith('Reminder:'))).toEqual([false, true, true]);
    expect(w.audit.events.filter((e) => e.action === 'proposal.reminded')).toHaveLength(2);
  });

  it('every reminder link opens the same proposal', async () => {
    const w = await proposalWorld({ mailer: true });
    await sentProposal(w);
    w.clock.advance(3 * day);
    await w.uc.sending.sendReminders();

    const tokens = w.mailer!.sent.map((m) => tokenOf(/http\S+/.exec(m.text)![0]));
    const pages = await Promise.all(tokens.map((t) => w.uc.web.open(t)));

    expect(pages.map((p) => p.kind === 'open' && p.proposal.number)).toEqual([1, 1]);
  });

  it('expires open proposals past their date once, and the link then shows it closed', async () => {
    const w = await proposalWorld();
    const token = tokenOf(linkIn(await sentProposal(w)));
    w.clock.advance(11 * day);

    const first = await w.uc.sending.expireDue();
    const second = await w.uc.sending.expireDue();
    const page = await w.uc.web.open(token);

    expect([first, second]).toEqual([1, 0]);
    expect(page).toMatchObject({ kind: 'closed', proposal: { status: 'expired' } });
    expect(w.audit.events.filter((e) => e.action === 'proposal.expired')).toHaveLength(1);
  });
});

describe('the web flow', () => {
  it('declines with a reason and tells the firm', async () => {
    const w = await proposalWorld();
    const token = tokenOf(linkIn(await sentProposal(w)));

    const r = await w.uc.web.decline(token, 'Going with another firm');

    expect(r.ok).toBe(true);
    expect(w.notifier.sent.at(-1)).toMatchObject({ event: 'proposal.declined', card: { text: 'Their reason: "Going with another firm"' } });
  });

  it('shows a revoked proposal as closed and an unknown token as not found', async () => {
    const w = await proposalWorld();
    const token = tokenOf(linkIn(await sentProposal(w)));
    await w.say('proposal revoke P-1');

    expect(await w.uc.web.open(token)).toMatchObject({ kind: 'closed', proposal: { status: 'revoked' } });
    expect(await w.uc.web.open('A'.repeat(43))).toEqual({ kind: 'not-found' });
    expect(await w.uc.web.open('../etc')).toEqual({ kind: 'not-found' });
  });
});

describe('drafting helpers', () => {
  it('starts People Advisory Packages priced on the client headcount', async () => {
    const w = await proposalWorld();
    const now = w.clock.now();
    await w.deps.clients.save({ id: asId('c9'), practiceId: w.practice.id, status: 'client', name: 'Beta LLC', activeEmployees: 8, createdAt: now, updatedAt: now });
    await w.deps.appLinks.save({ practiceId: w.practice.id, provider: 'gusto', externalId: 'g1', clientId: asId('c9'), syncLevel: 'all' });

    const [card] = await w.say('proposal new "Beta LLC" template=people-advisory');

    expect(card!.rows!.map((r) => r.title)).toEqual(['Option: Essentials', 'Option: Growth', 'Option: Strategic', 'Optional add-ons']);
    expect(card!.rows![0]!.text).toContain('Payroll processing × 8 — £115.20 a month');
  });

  it('clones an accepted proposal into a new draft and saves a template from it', async () => {
    const w = await proposalWorld();
    await sentProposal(w);
    await w.say('proposal accept-internally P-1');

    const [clone] = await w.say('proposal clone P-1');
    const [saved] = await w.say('proposal save-as-template P-1 name="Monthly books"');
    const [fromTemplate] = await w.say('proposal new "Gamma" template=monthly-books');

    expect(clone!.title).toBe('P-2 is a new draft copied from P-1');
    expect(saved!.text).toContain('template=monthly-books');
    expect(fromTemplate!.title).toBe('Started P-3 for Gamma');
    expect((await w.deps.proposals.findByNumber(w.practice.id, 1))?.status).toBe('accepted');
  });

  it('edits and archives library services without touching proposals that use them', async () => {
    const w = await proposalWorld();
    await sentProposal(w);

    const [edited] = await w.say('service edit Bookkeeping price=400');
    await w.say('service archive Bookkeeping');
    const [list] = await w.say('services');
    const [shown] = await w.say('proposal show P-1');

    expect(edited!.fields![0]).toEqual({ label: 'Price', value: '£400.00 + tax' });
    expect(list!.title).toBe('No services yet');
    expect(shown!.rows![0]!.text).toContain('£300.00 a month');
  });

  it('refuses terms with an unknown merge field', async () => {
    const w = await proposalWorld();
    await w.say('proposal new Acme');

    const [card] = await w.say('proposal edit terms="Hello {clinet}"');

    expect(card!.text).toContain('unknown merge fields {clinet}');
  });
});

describe('a fresh link', () => {
  it('opens the same proposal while the first link keeps working, and is refused once accepted', async () => {
    const w = await proposalWorld();
    const first = tokenOf(linkIn(await sentProposal(w)));

    const second = tokenOf(linkIn(await w.say('proposal link P-1')));
    const pages = [await w.uc.web.open(first), await w.uc.web.open(second)];
    await w.say('proposal accept-internally P-1');
    const [refused] = await w.say('proposal link P-1');

    expect(second).not.toBe(first);
    expect(pages.map((p) => p.kind)).toEqual(['open', 'open']);
    expect(refused!.text).toBe('This proposal takes no more signatures: it has been accepted and is now frozen.');
  });
});
