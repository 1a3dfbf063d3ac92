import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellChat, createShellTerminal, type ShellTerminal } from '../../../adapters/shell/shell-chat.js';
import { asId } from '../../../domain/shared/ids.js';
import { renderCards } from '../../../adapters/shell/render-text.js';
import type { Card } from '../../../src/cards.js';
import type { ChatCore, ChatRequest } from '../../../src/chat.js';

describe('cards as terminal text', () => {
  it('numbers every command button across cards and rows, and prints links', () => {
    const rendered = renderCards([
      { title: 'First', tone: 'success', fields: [{ label: 'Status', value: 'Client' }], rows: [{ title: 'Row', buttons: [{ label: 'Show', command: 'client show 1' }] }], buttons: [{ label: 'Docs', url: 'http://x.example' }] },
      { title: 'Second', buttons: [{ label: 'Sync now', command: 'sync gusto' }], footer: 'Sandbox data' },
    ]);

    expect(rendered.commands).toEqual(['client show 1', 'sync gusto']);
    expect(rendered.text).toBe([
      '✓ First', '  Status: Client', '  • Row', '      [1] Show', '  Docs: http://x.example', '', 'Second', '  [2] Sync now', '  Sandbox data',
    ].join('\n'));
  });

  it('turns the card mark-up into plain terminal text when the output is not a terminal', () => {
    const { text } = renderCards([{
      title: 'P-1',
      text: 'Press *Connect your account*, then _Authorize_; see <https://help.example/gusto|the guide>. Run `sync`.',
      rows: [{ title: 'Option: Gold', text: '*Services*\n• Payroll × 8 — 5 * 3 = 15, snake_case_name' }],
      fields: [{ label: 'Link', value: 'http://x.example/p/abc' }],
      links: [{ label: 'Open the client page', url: 'http://x.example/p/abc' }],
      footer: 'Change it with `client-sync CLIENT all`.',
    }]);

    expect(text).toBe([
      'P-1',
      '  Press Connect your account, then Authorize; see the guide (https://help.example/gusto). Run `sync`.',
      '  Link: http://x.example/p/abc',
      '  • Option: Gold',
      '      Services',
      '      • Payroll × 8 — 5 * 3 = 15, snake_case_name',
      '  Change it with `client-sync CLIENT all`.',
    ].join('\n'));
  });

  it('shows bold and italic with ANSI escapes on a terminal', () => {
    const { text } = renderCards([{ title: 'Connect Gusto', text: 'Press *Connect* and _wait_.' }], { ansi: true });

    expect(text).toBe('\x1b[1mConnect Gusto\x1b[22m\n  Press \x1b[1mConnect\x1b[22m and \x1b[3mwait\x1b[23m.');
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
  const run = async (handle: ChatCore['handle'], lines: string, terminal?: (out: string[]) => ShellTerminal) => {
    const out: string[] = [];
    const shared = terminal?.(out) ?? createShellTerminal({ write: (t) => out.push(t) });
    const input = new PassThrough();
    const chat = createShellChat({ core: { handle }, user: { name: 'Ada', id: 'ada' }, input, write: (t) => out.push(t), terminal: shared });
    input.end(lines);
    await chat.run();
    return { out, text: out.join(''), terminal: shared };
  };

  it('prints a notification once when the command replies with the same card, even with the install footer added', async () => {
    let terminal!: ShellTerminal;
    const accepted: Card = { title: 'Acme accepted P-1: Gold', tone: 'success', fields: [{ label: 'Option', value: 'Gold' }], buttons: [{ label: 'View proposal', command: 'proposal show P-1' }], visibility: 'channel' };
    const { text } = await run(async () => {
      await terminal.notifier.notify(asId('p1'), 'proposal.accepted', accepted);
      return { cards: [{ ...accepted, visibility: 'private', footer: 'Sandbox: Gusto is simulated' }] };
    }, 'proposal accept-internally P-1\n', (out) => (terminal = createShellTerminal({ write: (t) => out.push(t) })));

    expect(text.match(/Acme accepted P-1: Gold/g)).toHaveLength(1);
    expect(text).toContain('Sandbox: Gusto is simulated');
  });

  it('prints other notifications of a command above its reply, numbering their buttons on from each other', async () => {
    let terminal!: ShellTerminal;
    const seen: string[] = [];
    const { text } = await run(async (r) => {
      seen.push(r.text);
      if (r.text === 'notify test') await terminal.notifier.notify(asId('p1'), 'sync.finished', { title: 'Test: sync.finished', buttons: [{ label: 'Routes', command: 'notify' }] });
      return { cards: [{ title: `ran ${r.text}`, buttons: [{ label: 'Again', command: 'notify test' }] }] };
    }, 'notify test\n1\n', (out) => (terminal = createShellTerminal({ write: (t) => out.push(t) })));

    expect(text).toContain('[sync.finished]\nTest: sync.finished\n  [1] Routes\n\nran notify test\n  [2] Again');
    expect(seen).toEqual(['notify test', 'notify']);
  });

  it('lets a button on a notification that arrived between commands be pressed by its number', async () => {
    const seen: string[] = [];
    const out: string[] = [];
    const terminal = createShellTerminal({ write: (t) => out.push(t) });
    const input = new PassThrough();
    const chat = createShellChat({
      core: { handle: async (r) => { seen.push(r.text); return { cards: [{ title: 'ok', buttons: [{ label: 'List', command: 'clients' }] }] }; } },
      user: { name: 'Ada', id: 'ada' }, input, write: (t) => out.push(t), terminal,
    });
    await chat.say('clients');

    await terminal.notifier.notify(asId('p1'), 'proposal.viewed', { title: 'Acme opened P-1', buttons: [{ label: 'View proposal', command: 'proposal show P-1' }] });
    await chat.say('1');

    expect(seen).toEqual(['clients', 'proposal show P-1']);
  });
});
