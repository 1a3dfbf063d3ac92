import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellChat, createShellNotices } from '../../../adapters/shell/shell-chat.js';
import { asId } from '../../../domain/shared/ids.js';
import { renderCards } from '../../../adapters/shell/render-text.js';
import type { ChatRequest } from '../../../src/chat.js';

describe('cards as terminal text', () => {
  it('numbers every command button across cards and rows, and prints links', () => {
    const rendered = renderCards([
      { title: 'First', tone: 'success', fields: [{ label: 'Status', value: 'Client' }], rows: [{ title: 'Row', buttons: [{ label: 'Show', command: 'client show 1' }] }], buttons: [{ label: 'Docs', url: 'http://x.example' }] },
      { title: 'Second', buttons: [{ label: 'Sync now', command: 'sync gusto' }], footer: 'Sandbox data' },
    ]);

    expect(rendered.commands).toEqual(['client show 1', 'sync gusto']);
    expect(rendered.text).toBe([
      '✓ First', '  Status: Client', '  • Row', '      [1] Show', '  [Docs: http://x.example]', '', 'Second', '  [2] Sync now', '  Sandbox data',
    ].join('\n'));
  });

  it('shows a form as the command to type, with field errors beside the fields', () => {
    const { text } = renderCards([{ title: 'New service', form: { title: 'Service', submit: 'service add', submitLabel: 'Save', inputs: [
      { id: 'name', label: 'Name', kind: 'text', required: true, error: 'a name is required' },
      { id: 'billing', label: 'Billing', kind: 'select', options: [{ label: 'Upfront', value: 'upfront' }, { label: 'Monthly', value: 'monthly' }] },
    ] } }]);

    expect(text).toContain('name=…  Name (required)  ✗ a name is required');
    expect(text).toContain('billing=…  Billing (one of: upfront, monthly)');
    expect(text).toContain('Reply with: service add name=… billing=…');
  });
});

describe('the shell chat', () => {
  it('reads commands a line at a time, and a number presses that button of the last reply', async () => {
    const seen: string[] = [];
    const input = new PassThrough();
    const out: string[] = [];
    const chat = createShellChat({
      core: { handle: async (r: ChatRequest) => { seen.push(r.text); return { cards: [{ title: `ran ${r.text}`, buttons: [{ label: 'Again', command: 'clients page=2' }] }] }; } },
      user: { name: 'Ada', id: 'ada' }, input, write: (t) => out.push(t),
    });

    input.end('clients\n\n1\n7\n');
    await chat.run();

    expect(seen).toEqual(['clients', 'clients page=2']);
    expect(out.join('')).toContain('There is no button 7 on the last reply.');
  });
});

describe('notices in the shell', () => {
  it('prints a notification once, even when the command that caused it replies with the same card', async () => {
    const out: string[] = [];
    const notices = createShellNotices((t) => out.push(t));
    const result = { title: 'Gusto sync finished', fields: [{ label: 'Created', value: '1' }] };
    const input = new PassThrough();
    const chat = createShellChat({
      core: { handle: async () => { await notices.notifier.notify(asId('p1'), 'sync.finished', result); return { cards: [result] }; } },
      user: { name: 'Ada', id: 'ada' }, input, write: (t) => out.push(t), notices,
    });

    input.end('sync\nsync\n');
    await chat.run();

    expect(out.filter((t) => t.includes('Gusto sync finished'))).toHaveLength(2);
    expect(out.every((t) => t.startsWith('[sync.finished]'))).toBe(true);
  });
});
