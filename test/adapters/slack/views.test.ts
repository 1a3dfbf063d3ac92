/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { describe, expect, it } from 'vitest';
import { registeredToday } from '../../builders/registered.js';
import { card, type Button, type Card, type Row } from '../../../src/cards.js';
import { renderCards } from '../../../adapters/slack/views/message.js';
import { blockProblems, Limits, textLength } from '../../../adapters/slack/views/limits.js';
import { decodePageRef } from '../../../adapters/slack/views/pages.js';
import { formModal } from '../../../adapters/slack/views/modal.js';
import { chatSetupCommands } from '../../../src/chat-setup/commands.js';
import { helpCards } from '../../../src/commands/help.js';
import { InMemoryNotificationRouteStore } from '../../fakes/in-memory-chat.js';
import { InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { fixedClock } from '../../fakes/clock.js';

const long = (n: number, word = 'ledger ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);
const buttons = (n: number): Button[] => Array.from({ length: n }, (_, i) => ({ label: `Button ${i} ${long(100)}`, command: `client show ${i}` }));
const rows = (n: number, extra: Partial<Row> = {}): Row[] =>
  Array.from({ length: n }, (_, i) => ({ title: `Client ${i} <Acme & Sons>`, text: long(400), fields: [{ label: 'Fee', value: '£1,200.00' }], buttons: buttons(i % 3), ...extra }));

const monsters: [string, Card][] = [
  ['a 500-row list', card('Clients', { rows: rows(500) })],
  ['rows with 3 KB of text each', card('Clients', { rows: rows(40, { text: long(5000) }) })],
  ['20 kB of prose', card(long(400), { text: long(20_000, 'a very long sentence indeed. ') })],
  ['60 fields and 40 buttons', card('Proposal', { fields: Array.from({ length: 60 }, (_, i) => ({ label: `F${i}`, value: long(3000) })), buttons: buttons(40) })],
  ['rows with 30 fields', card('Jobs', { rows: rows(30, { fields: Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: long(900) })) }) })],
  ['a huge button command and url', card('Links', { buttons: [{ label: 'x', command: long(5000) }, { label: 'y', url: `https://x.test/${long(4000)}` }], links: [{ label: 'Docs', url: 'https://docs.test/a' }] })],
  ['a form', card('New client', { text: 'Tell me about them.', form: { title: 'New client', submit: 'client add', submitLabel: 'Add', inputs: [{ id: 'name', label: 'Name', kind: 'text' }] } })],
];

const allPages = (c: Card, origin: string) => {
  const first = renderCards([c], { origin, replyId: 'r1' });
  const next = first[0]!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('ignition_page_next'));
  const total = next ? Number(/of (\d+)/.exec(JSON.stringify(first))![1]) : 1;
  return Array.from({ length: total }, (_, page) => renderCards([c], { origin, replyId: 'r1', page: { card: 0, page } }));
};

describe('Card → Block Kit stays within Slack limits', () => {
  it.each(monsters)('renders %s within every limit', (_name, c) => {
    for (const messages of allPages(c, 'clients')) {
      for (const m of messages) expect(blockProblems(m.blocks)).toEqual([]);
    }
  });

  it('shortens a card whose escaped prose would pass Slack\'s limits, and says so', () => {
    const escaped = card('Terms', {
      text: '&'.repeat(3000),
      fields: Array.from({ length: 10 }, (_, i) => ({ label: `Clause ${i}`, value: '<>'.repeat(300) })),
      rows: [{ title: 'Schedule <A>', text: '&'.repeat(1500), fields: Array.from({ length: 6 }, () => ({ label: '&&&', value: '&'.repeat(150) })) }],
    });

    const messages = renderCards([escaped]);

    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(Limits.messageBlocks);
      expect(textLength(m.blocks)).toBeLessThanOrEqual(Limits.messageTextBudget);
      expect(blockProblems(m.blocks)).toEqual([]);
    }
    expect(JSON.stringify(messages)).toContain('Shortened to fit in Slack');
    expect(JSON.stringify(messages)).toContain('Schedule &lt;A&gt;');
  });

  it('pages a long list so every row appears exactly once, with Next and Previous', () => {
    const c = card('Clients', { rows: rows(120) });

    const pages = allPages(c, 'clients');

    const titles = pages.flatMap((p) => p.flatMap((m) => m.blocks)).map((b: any) => /^\*(Client \d+)/.exec(b.text?.text ?? '')?.[1]).filter(Boolean);
    expect(titles).toHaveLength(120);
    expect(new Set(titles).size).toBe(120);
    const middle = JSON.stringify(pages[1]);
    expect(middle).toContain('ignition_page_previous');
    expect(middle).toContain('ignition_page_next');
  });

  it('puts a page reference in Next that names the cached reply, card and page', () => {
    const [message] = renderCards([card('Clients', { rows: rows(60) })], { origin: 'clients search acme', replyId: 'r9' });
    const next = message!.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('ignition_page_next'));

    expect(decodePageRef(next.value)).toEqual({ reply: 'r9', origin: 'clients search acme', card: 0, page: 1 });
  });

  it('escapes Slack control characters in card text', () => {
    const [message] = renderCards([card('Fees', { text: 'Smith & Co <b> @here <!channel>' })]);

    expect((message!.blocks[1] as any).text.text).toBe('Smith &amp; Co &lt;b&gt; @here &lt;!channel&gt;');
  });

  it('keeps many cards in one reply within limits by splitting them over messages', () => {
    const cards = Array.from({ length: 12 }, (_, i) => card(`Card ${i}`, { rows: rows(8) }));

    const messages = renderCards(cards);

    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(blockProblems(m.blocks)).toEqual([]);
  });

  it('says how many rows it shows when a list cannot be paged (a notification)', () => {
    const [message] = renderCards([card('Clients', { rows: rows(60) })]);

    expect(JSON.stringify(message)).toMatch(/Showing \d+ of 60/);
    expect(JSON.stringify(message)).not.toContain('ignition_page_next');
  });

  it('renders every card the chat set-up verbs and help can produce within limits', async () => {
    const commands = chatSetupCommands({ users: new InMemoryUserStore(), routes: new InMemoryNotificationRouteStore(), clock: fixedClock('2026-11-22T09:00:00Z'), ...registeredToday });
    const cards = [...helpCards(commands, ''), ...commands.flatMap((c) => helpCards(commands, c.verb))];

    for (const m of renderCards(cards, { origin: 'help', replyId: 'r1' })) expect(blockProblems(m.blocks)).toEqual([]);
  });

  it('builds a modal within modal limits, with titles cut to 24 characters', () => {
    const view = formModal({ title: 'A very long form title that Slack would refuse', submit: 'client add', submitLabel: 'Add this client to the practice now', inputs: Array.from({ length: 12 }, (_, i) => ({ id: `f${i}`, label: long(3000), kind: i % 2 ? 'select' : 'multiline', options: Array.from({ length: 150 }, (_, j) => ({ label: long(100), value: `v${j}` })) })) }, { submit: 'client add' })!;

    expect(view.title.text.length).toBeLessThanOrEqual(Limits.modalTitle);
    expect(view.submit!.text.length).toBeLessThanOrEqual(Limits.modalButton);
    expect(blockProblems(view.blocks as never, 'modal')).toEqual([]);
  });
});

describe('the Block Kit limit checker', () => {
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const button = (id: string, label = 'Go') => ({ type: 'button', text: { type: 'plain_text', text: label }, action_id: id, value: 'v' });

  it('names every limit a message breaks', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: long(151) } },
      section(long(3001)),
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'actions', elements: [button('a'), button('a', long(76))] },
      ...Array.from({ length: 50 }, () => section(long(200))),
    ];

    const problems = blockProblems(blocks as never);

    expect(problems).toEqual(expect.arrayContaining([
      '54 blocks, over 50', 'message text over budget', 'block 0 (header): header over 150', 'block 1 (section): text length 3001',
      'block 2 (section): 11 fields', 'block 3 (actions): button text over 75', 'block 3 (actions): duplicate action_id a',
    ]));
  });

  it('finds nothing wrong with a small message', () => {
    expect(blockProblems([section('Hello'), { type: 'actions', elements: [button('a'), button('b')] }] as never)).toEqual([]);
  });
});
