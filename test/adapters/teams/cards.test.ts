/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { describe, expect, it } from 'vitest';
import { card, type Row } from '../../../src/cards.js';
import { adaptiveCard, cardBytes, maxCardBytes } from '../../../adapters/teams/cards/adaptive-card.js';
import { markdown } from '../../../adapters/teams/cards/elements.js';

const rows = (n: number, text = 'x'.repeat(1500)): Row[] => Array.from({ length: n }, (_, i) => ({ title: `Client ${i}`, text, buttons: [{ label: 'Open', command: `client show ${i}` }] }));

describe('Card → Adaptive Card 1.5', () => {
  it('keeps a 300-row list under the Teams message size by paging it', () => {
    const json = adaptiveCard(card('Clients', { rows: rows(300) }), 0, { origin: 'clients', replyId: 'r1' });

    expect(cardBytes(json)).toBeLessThanOrEqual(maxCardBytes);
    expect(JSON.stringify(json)).toContain('"ignition":"page"');
  });

  it('turns the page asked for into the rows of that page', () => {
    const json = adaptiveCard(card('Clients', { rows: rows(30, 'short') }), 0, { origin: 'clients', replyId: 'r1', page: { card: 0, page: 2 } }) as any;

    const titles = json.body.filter((e: any) => e.type === 'Container').map((c: any) => c.items[0].text);
    expect(titles[0]).toBe('Client 20');
    expect(json.actions.map((a: any) => a.title)).toEqual(['◀ Previous']);
  });

  it('maps tones to colours and *bold* to markdown bold', () => {
    const json = adaptiveCard(card('Sync failed', { tone: 'error', text: 'Gusto said *no*.' })) as any;

    expect(json.body[0]).toMatchObject({ color: 'Attention', weight: 'Bolder' });
    expect(json.body[1].text).toBe('Gusto said **no**.');
    expect(markdown('**already**')).toBe('**already**');
    expect(markdown('See <https://help.example|the guide>, _then_ run `sync`; 5 * 3 and snake_case stay.')).toBe('See [the guide](https://help.example), _then_ run `sync`; 5 * 3 and snake_case stay.');
  });

  it('shows a refused form value beside its input', () => {
    const json = adaptiveCard(card('New client', { form: { title: 'New client', submit: 'client add', submitLabel: 'Add', inputs: [{ id: 'email', label: 'Email', kind: 'email', initial: 'nope', error: 'not an email address' }] } })) as any;

    const i = json.body.findIndex((e: any) => e.id === 'email');
    expect(json.body[i]).toMatchObject({ type: 'Input.Text', style: 'Email', value: 'nope' });
    expect(json.body[i + 1]).toMatchObject({ color: 'Attention' });
  });
});
