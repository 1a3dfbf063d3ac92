import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import type { Invoice } from '../../../domain/invoicing/invoice.js';
import { createChatNotifier } from '../../../adapters/notify/chat-notifier.js';
import { createSlackSender, notificationClient } from '../../../adapters/slack/sender.js';
import { invoiceDeployedCard } from '../../../src/billing/deployed-card.js';
import { sentFromChannel, slackChannel } from '../../builders/proposal-thread.js';
import { invoice } from '../../builders/invoices.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryNotificationOutbox, InMemoryNotificationRouteStore, recordingLog } from '../../fakes/in-memory-chat.js';

/**
 * The thread, end to end in Slack: the cards the use cases post as a proposal is sent from
 * #sales (C7), opened, accepted and invoiced into Sage, delivered in order by the chat notifier. They
 * read as one thread in #sales; #billing (C9), routed proposal.accepted and invoice.deployed, gets its
 * own thread of the two, and nothing is lost.
 */
describe("a proposal's life in Slack", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('reads as one thread in the channel it was sent from: sent → viewed → accepted → invoiced', async () => {
    const { w, threadHomes, proposal, token } = await sentFromChannel(slackChannel);
    const page = await w.uc.web.open(token);
    if (page.kind !== 'open') throw new Error('page not open');
    await w.uc.web.accept(token, { tierId: page.proposal.content.tiers[0]!.id, addOnIds: [], signerName: 'Jane Client', ip: '203.0.113.5', userAgent: 'UA', contentSha256: 'f'.repeat(64) });
    const inSage: Invoice = invoice({
      practiceId: w.practice.id, status: 'issued', number: 1, proposal: { id: proposal.id, number: proposal.number },
      ledger: { app: 'sage', id: 'sage-inv-1', number: 'SI-1', url: 'https://sage.example/invoices/sage-inv-1' },
    });
    const posts = [...w.notifier.sent.map((n) => [n.event, n.card] as const), ['invoice.deployed', invoiceDeployedCard(inSage, 'Sage', 'Acme Ltd')!] as const];

    const routes = new InMemoryNotificationRouteStore();
    for (const event of ['proposal.accepted', 'invoice.deployed'] as const) {
      await routes.save({ practiceId: w.practice.id, event, platform: 'slack', channelName: '#billing', createdBy: 'ann', createdAt: new Date(0), target: { platform: 'slack', ref: { team: 'T1', channel: 'C9' } } });
    }
    const notifier = createChatNotifier({
      routes, outbox: new InMemoryNotificationOutbox(), threads: threadHomes, clock: fixedClock('2026-03-02T10:00:00Z'), ids: sequentialIds('out'), log: recordingLog(),
      senders: { slack: createSlackSender(notificationClient('xoxb-test', { slackApiUrl: 'https://slack.test/api/' })) },
    });
    // Slack answers each post with the next ts; what was asked and answered is kept in order.
    type Said = { channel: string; thread_ts?: string; text: string; ts: string };
    const said: Said[] = [];
    nock('https://slack.test').persist().post('/api/chat.postMessage').reply(200, (_uri, body) => {
      // The Web API client posts a form; nock hands the reply its raw text.
      const fields = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body;
      const posted = { ...(fields as Omit<Said, 'ts'>), ts: `1733400000.${String(said.length + 1).padStart(6, '0')}` };
      said.push(posted);
      return { ok: true, channel: posted.channel, ts: posted.ts };
    });

    for (const [event, c] of posts) await notifier.notify(w.practice.id, event, c);

    const sales = said.filter((m) => m.channel === 'C7');
    const billing = said.filter((m) => m.channel === 'C9');
    expect(posts.map(([event]) => event)).toEqual(['proposal.sent', 'proposal.viewed', 'proposal.accepted', 'invoice.deployed']);
    expect(sales.map((m) => m.text)).toEqual([
      expect.stringContaining('P-1 went to Acme Ltd'), expect.stringContaining('Acme Ltd opened P-1'),
      expect.stringContaining('Acme Ltd accepted P-1'), expect.stringContaining('INV-0001 for Acme Ltd is in Sage as SI-1'),
    ]);
    expect(sales.map((m) => m.thread_ts)).toEqual([undefined, sales[0]!.ts, sales[0]!.ts, sales[0]!.ts]);
    expect(billing.map((m) => m.text)).toEqual([expect.stringContaining('Acme Ltd accepted P-1'), expect.stringContaining('INV-0001 for Acme Ltd is in Sage')]);
    expect(billing.map((m) => m.thread_ts)).toEqual([undefined, billing[0]!.ts]);
  });
});
