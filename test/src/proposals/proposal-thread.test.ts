import { describe, expect, it } from 'vitest';
import { sentFromChannel, slackChannel } from '../../builders/proposal-thread.js';

describe("a proposal's thread", () => {
  it('starts in the channel the proposal was sent from, and its later events carry the same thread', async () => {
    const { w, threadHomes, proposal, token } = await sentFromChannel(slackChannel);
    const page = await w.uc.web.open(token);
    if (page.kind !== 'open') throw new Error('page not open');
    await w.uc.web.accept(token, { tierId: page.proposal.content.tiers[0]!.id, addOnIds: [], signerName: 'Jane Client', ip: '203.0.113.5', userAgent: 'UA', contentSha256: 'f'.repeat(64) });

    expect(w.notifier.sent.map((n) => [n.event, n.card.thread])).toEqual([
      ['proposal.sent', `proposal:${proposal.id}`], ['proposal.viewed', `proposal:${proposal.id}`], ['proposal.accepted', `proposal:${proposal.id}`],
    ]);
    expect(await threadHomes.homeOf(w.practice.id, `proposal:${proposal.id}`)).toEqual({ platform: 'slack', ref: { team: 'T1', channel: 'C7' } });
  });

  it("keeps the client's link out of the channel: it stays in the sender's private reply", async () => {
    const { w } = await sentFromChannel(slackChannel);

    const [sent] = w.notifier.sent;

    expect(sent!.card).toMatchObject({ title: 'P-1 went to Acme Ltd', visibility: 'channel' });
    expect(JSON.stringify(sent!.card)).not.toContain('/p/');
    expect(sent!.card.text).toContain('Ann sent "Proposal for Acme Ltd" to jane@acme.example');
  });

  it('records no home for a proposal sent from the shell, whose terminal gets every post anyway', async () => {
    const { w, threadHomes } = await sentFromChannel({ platform: 'shell', ref: { session: 'terminal' } });

    expect(threadHomes.homes.size).toBe(0);
    expect(w.notifier.sent.map((n) => n.event)).toEqual(['proposal.sent']);
  });

  it('posts no sent card for a proposal sent from no conversation', async () => {
    const { w, threadHomes } = await sentFromChannel(undefined);

    expect(threadHomes.homes.size).toBe(0);
    expect(w.notifier.sent).toEqual([]);
  });
});
