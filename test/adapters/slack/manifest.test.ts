/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import { card } from '../../../src/cards.js';
import { ActionId, CallbackId, InputActionId, SlashCommand } from '../../../adapters/slack/ids.js';
import { registerActionListeners } from '../../../adapters/slack/listeners/actions.js';
import { registerCommandListeners } from '../../../adapters/slack/listeners/commands.js';
import { registerEventListeners } from '../../../adapters/slack/listeners/events.js';
import { registerViewListeners } from '../../../adapters/slack/listeners/views.js';
import { renderCards } from '../../../adapters/slack/views/message.js';
import { formModal } from '../../../adapters/slack/views/modal.js';
import { recordingLog } from '../../fakes/in-memory-chat.js';
import { createReplyCache } from '../../../adapters/reply-cache.js';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../../manifests/slack/manifest.json'), 'utf8'));

/** A stand-in for Bolt's App that records what each register* function asks it to listen for. */
const registrations = () => {
  const seen = { commands: [] as string[], actions: [] as RegExp[], views: [] as string[], events: [] as string[] };
  const app = {
    command: (name: string) => seen.commands.push(name),
    action: (c: { action_id: RegExp }) => seen.actions.push(c.action_id),
    view: (c: { callback_id: string }) => seen.views.push(c.callback_id),
    event: (name: string) => seen.events.push(name),
  } as unknown as App;
  const deps = { core: { handle: async () => ({ cards: [] }) }, log: recordingLog(), ackBudgetMs: 1000, cache: createReplyCache() };
  registerCommandListeners(app, deps);
  registerActionListeners(app, deps);
  registerViewListeners(app, deps);
  registerEventListeners(app, deps);
  return seen;
};

/** Every action id the views can emit, gathered by rendering cards that use each feature. */
const emittedActionIds = (): string[] => {
  const rows = Array.from({ length: 60 }, (_, i) => ({ title: `Row ${i}` }));
  const cards = [
    card('Buttons', { buttons: [{ label: 'Run', command: 'sync' }, { label: 'Docs', url: 'https://docs.test' }] }),
    card('Form', { form: { title: 'F', submit: 'client add', submitLabel: 'Add', inputs: [] } }),
  ];
  const pages = [0, 1].flatMap((page) => renderCards([card('List', { rows })], { origin: 'clients', replyId: 'r1', page: { card: 0, page } }));
  return [...renderCards(cards, { origin: 'x', replyId: 'r2' }), ...pages]
    .flatMap((m) => m.blocks)
    .flatMap((b: any) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .map((e: any) => e.action_id)
    .filter(Boolean);
};

describe('Slack manifest ↔ listeners ↔ ids', () => {
  const seen = registrations();

  it('has a listener for every slash command in the manifest, and the manifest declares every command we listen for', () => {
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command);

    expect(declared).toEqual(seen.commands);
    expect(declared).toEqual([SlashCommand]);
  });

  it('has a listener for every bot event in the manifest, and subscribes to every event we listen for', () => {
    const declared = manifest.settings.event_subscriptions.bot_events.map((e: string) => e.replace(/\..*$/, ''));

    expect([...new Set(declared)].sort()).toEqual([...seen.events].sort());
  });

  it('listens for every action and callback id, and nothing else', () => {
    const ids = Object.values(ActionId);

    for (const id of ids) expect(seen.actions.some((r) => r.test(id) && r.test(`${id}:3`))).toBe(true);
    expect(seen.actions).toHaveLength(ids.length);
    expect(seen.views).toEqual(Object.values(CallbackId));
  });

  it('uses every id in ids.ts when rendering', () => {
    const emitted = emittedActionIds().map((id) => id.replace(/:\d+$/, ''));
    const view = formModal({ title: 'F', submit: 'client add', submitLabel: 'Add', inputs: [{ id: 'name', label: 'Name', kind: 'text' }] }, { submit: 'client add' })!;

    for (const id of Object.values(ActionId)) expect(emitted).toContain(id);
    expect(view.callback_id).toBe(CallbackId.form);
    expect((view.blocks[0] as any).element.action_id).toBe(InputActionId);
  });

  it('points interactivity, events and the command at our one endpoint, with the scopes the listeners need', () => {
    const urls = [manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url, manifest.features.slash_commands[0].url];

    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history']));
  });

  it('keeps every listener file registered through ids.ts rather than string literals', () => {
    const dir = join(import.meta.dirname, '../../../adapters/slack/listeners');
    const sources = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

    expect(sources).not.toMatch(/action_id:\s*['"]/);
    expect(sources).not.toMatch(/callback_id:\s*['"]/);
  });
});
