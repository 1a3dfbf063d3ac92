/* eslint-disable @typescript-eslint/no-explicit-any -- listener args are Bolt's wide types; tests pass only what is read */
import { describe, expect, it, vi } from 'vitest';
import { card, type Card } from '../../../src/cards.js';
import { createReplyCache } from '../../../adapters/reply-cache.js';
import { onSlashCommand } from '../../../adapters/slack/listeners/commands.js';
import { onOpenForm } from '../../../adapters/slack/listeners/actions.js';
import { inlineErrors } from '../../../adapters/slack/listeners/views.js';
import { recordingLog } from '../../fakes/in-memory-chat.js';

const form: Card = card('New client', { form: { title: 'New client', submit: 'client add', submitLabel: 'Add client', inputs: [{ id: 'name', label: 'Name', kind: 'text' }, { id: 'email', label: 'Email', kind: 'email' }] } });
const command = { team_id: 'T1', user_id: 'U1', user_name: 'ann', channel_id: 'C1', channel_name: 'general', text: 'client new', trigger_id: 't1', response_url: 'https://hooks.slack.com/x' };

describe('Slack listener factories', () => {
  it('shows the form as a message with an Open form button when Slack will not open the modal', async () => {
    const cache = createReplyCache();
    const deps = { core: { handle: async () => ({ cards: [form] }) }, log: recordingLog(), ackBudgetMs: 1000, cache };
    const ack = vi.fn(async () => {});
    const respond = vi.fn(async () => ({}) as Response);
    const client = { views: { open: vi.fn(async () => { throw new Error('expired_trigger_id'); }) } };

    await onSlashCommand(deps)({ command, ack, respond, client } as any);

    expect(ack).toHaveBeenCalledWith();
    const message = (respond.mock.calls[0] as any[])[0];
    const button = message.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('ignition_form_open'));
    expect(button.text.text).toBe('Add client');
    expect(deps.log.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('opens the cached form from its Open form button without running the command again', async () => {
    const cache = createReplyCache();
    const reply = cache.put([form]);
    const handle = vi.fn();
    const open = vi.fn(async () => ({ ok: true }));
    const args = {
      ack: vi.fn(async () => {}), respond: vi.fn(), client: { views: { open } },
      action: { value: JSON.stringify({ r: reply, k: 0, p: 0, o: 'client new' }) },
      body: { trigger_id: 't2', team: { id: 'T1' }, user: { id: 'U1' }, channel: { id: 'C1' }, response_url: 'https://hooks.slack.com/y' },
    };

    await onOpenForm({ core: { handle }, log: recordingLog(), ackBudgetMs: 1000, cache })(args as any);

    expect(handle).not.toHaveBeenCalled();
    const view = (open.mock.calls[0] as any[])[0].view;
    expect(JSON.parse(view.private_metadata)).toEqual({ s: 'client add', c: 'C1', r: 'https://hooks.slack.com/y' });
  });

  it('pins a plain error card to the input it names, so the modal stays open', () => {
    const errors = inlineErrors([card('Check the email', { tone: 'error', text: 'email: "x" is not an email address' })], ['name', 'email']);

    expect(Object.keys(errors!)).toEqual(['email']);
  });

  it('lets a successful submission close the modal', () => {
    expect(inlineErrors([card('Client added', { tone: 'success' })], ['name'])).toBeNull();
  });
});
