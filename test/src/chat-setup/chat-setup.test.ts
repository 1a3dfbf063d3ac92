import { describe, expect, it } from 'vitest';
import { createChatCore } from '../../../src/commands/core.js';
import { chatSetupCommands } from '../../../src/chat-setup/commands.js';
import type { ChatRequest } from '../../../src/chat.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { InMemoryNotificationRouteStore } from '../../fakes/in-memory-chat.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import type { AppInfo, Registered } from '../../../src/apps/registered.js';
import { registeredToday } from '../../builders/registered.js';

const sage: AppInfo = { provider: 'sage', name: 'Sage', connect: 'connect sage', events: [] };

const world = (registered: Registered = registeredToday) => {
  const sent: { event: string; title: string }[] = [];
  const notifier = { notify: async (_p: unknown, event: string, c: { title: string }) => { sent.push({ event, title: c.title }); } };
  const users = new InMemoryUserStore();
  const routes = new InMemoryNotificationRouteStore();
  const audit = new InMemoryAuditLog();
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const core = createChatCore({
    practices: new InMemoryPracticeStore(), users, audit, clock, ids: sequentialIds(),
    commands: chatSetupCommands({ users, routes, clock, notifier, ...registered }), roleForNewUser: () => 'staff',
  });
  const say = (user: string, text: string, channel = 'C1', name = 'general') => {
    const request: ChatRequest = {
      identity: { platform: 'slack', workspaceId: 'T1', userId: user }, displayName: user.toLowerCase(), text,
      channel: { id: channel, name }, replyTo: { platform: 'slack', ref: { team: 'T1', user, channel, responseUrl: 'https://hooks.slack.com/x' } },
    };
    return core.handle(request).then((r) => r.cards);
  };
  return { users, routes, audit, say, sent };
};

describe('setup and roles', () => {
  it('makes the first person to run setup the admin, and refuses the second', async () => {
    const w = world();

    const first = await w.say('UANN', 'setup');
    const second = await w.say('UBOB', 'setup');

    expect(first[0]!.title).toMatch(/now the admin/);
    expect(second[0]).toMatchObject({ tone: 'error', title: 'This practice is already set up' });
    expect(second[0]!.text).toMatch(/uann is the admin/);
    const roles = await w.users.list(w.audit.events[0]!.practiceId);
    expect(roles.map((u) => [u.displayName, u.role])).toEqual([['uann', 'admin'], ['ubob', 'staff']]);
  });

  it('names in the setup card only the apps this install has, and follows when another is registered', async () => {
    const [today] = await world().say('UANN', 'setup');
    const [withSage] = await world({ apps: [...registeredToday.apps, sage], events: registeredToday.events }).say('UANN', 'setup');
    const [none] = await world({ apps: [], events: [] }).say('UANN', 'setup');

    expect(today!.text).toContain('Next: connect Gusto, then choose where notifications go');
    expect(today!.text).not.toMatch(/Sage|XPM/);
    expect(today!.buttons![0]).toEqual({ label: 'Connect Gusto', command: 'connect gusto', style: 'primary' });
    expect(withSage!.text).toContain('Next: connect Gusto or Sage, then');
    expect(withSage!.buttons![0]).toEqual({ label: 'Connect apps', command: 'apps', style: 'primary' });
    expect(none!.text).not.toMatch(/connect/i);
    expect(none!.buttons!.map((b) => b.command)).toEqual(['notify here', 'users']);
  });

  it('lets an admin promote someone by Slack mention and demote them again', async () => {
    const w = world();
    await w.say('UANN', 'setup');
    await w.say('UBOB', 'help');

    const promoted = await w.say('UANN', 'user promote <@UBOB|bob>');
    const demoted = await w.say('UANN', 'user demote ubob');

    expect(promoted[0]!.title).toBe('ubob is now an admin');
    expect(demoted[0]!.title).toBe('ubob is now staff');
  });

  it('refuses promote from staff with a card naming the admin', async () => {
    const w = world();
    await w.say('UANN', 'setup');

    const refused = await w.say('UBOB', 'user promote <@UBOB|bob>');

    expect(refused[0]).toMatchObject({ tone: 'error', title: 'Admins only' });
    expect(refused[0]!.text).toMatch(/uann/);
  });

  it('will not demote the only admin, and explains who it does not know', async () => {
    const w = world();
    await w.say('UANN', 'setup');

    const last = await w.say('UANN', 'user demote <@UANN|ann>');
    const stranger = await w.say('UANN', 'user promote @zed');

    expect(last[0]!.title).toBe('uann is the only admin');
    expect(stranger[0]!.text).toMatch(/I don't know @zed yet/);
  });
});

describe('notify routes', () => {
  it('routes every event to the channel where an admin ran notify here', async () => {
    const w = world();
    await w.say('UANN', 'setup');

    const cards = await w.say('UANN', 'notify here');

    expect(cards[0]).toMatchObject({ tone: 'success', visibility: 'channel', title: 'Notifications will come to #general' });
    expect(w.routes.routes.map((r) => r.event)).toContain('sync.failed');
    expect(w.routes.routes[0]!.target.ref).toEqual({ team: 'T1', channel: 'C1' });
  });

  it('splits events across channels: proposal news moves to #sales, the rest stay', async () => {
    const w = world();
    await w.say('UANN', 'setup');
    await w.say('UANN', 'notify here');

    const cards = await w.say('UANN', 'notify here proposal', 'C2', 'sales');

    expect(cards[0]!.text).toMatch(/proposal.accepted \(was #general\)/);
    const where = Object.fromEntries(w.routes.routes.map((r) => [r.event, r.channelName]));
    expect(where['proposal.accepted']).toBe('#sales');
    expect(where['sync.finished']).toBe('#general');
  });

  it('offers only the events something on this install posts', async () => {
    const w = world();
    await w.say('UANN', 'setup');

    const [listed] = await w.say('UANN', 'notify');
    const [unknown] = await w.say('UANN', 'notify here invoice');
    await w.say('UANN', 'notify here');

    expect(listed!.rows!.map((r) => r.title)).toEqual(registeredToday.events);
    expect(listed!.rows!.map((r) => r.title)).not.toContain('invoice.deployment_failed');
    expect(unknown).toMatchObject({ tone: 'error', title: "I don't know `invoice`" });
    expect(new Set(w.routes.routes.map((r) => r.event))).toEqual(new Set(registeredToday.events));
  });

  it('refuses unknown events and writes nothing', async () => {
    const w = world();
    await w.say('UANN', 'setup');

    const cards = await w.say('UANN', 'notify here sync.exploded');

    expect(cards[0]).toMatchObject({ tone: 'error' });
    expect(cards[0]!.text).toMatch(/sync.finished/);
    expect(w.routes.routes).toHaveLength(0);
  });

  it('lists routes for anyone, and keeps notify here for admins', async () => {
    const w = world();
    await w.say('UANN', 'setup');
    await w.say('UANN', 'notify here sync');

    const listed = await w.say('UBOB', 'notify');
    const refused = await w.say('UBOB', 'notify here');

    expect(listed[0]!.rows!.find((r) => r.title === 'sync.failed')!.text).toBe('#general (Slack)');
    expect(refused[0]!.title).toBe('Admins only');
  });

  it('stops events in this channel with notify off', async () => {
    const w = world();
    await w.say('UANN', 'setup');
    await w.say('UANN', 'notify here');

    const cards = await w.say('UANN', 'notify off sync');

    expect(cards[0]!.title).toBe('Stopped 2 notifications here');
    expect(w.routes.routes.some((r) => r.event.startsWith('sync'))).toBe(false);
  });

  it('sends a test notification through the notifier where the event is routed', async () => {
    const w = world();
    await w.say('UANN', 'setup');
    await w.say('UANN', 'notify here sync', 'C2', 'ops');

    const cards = await w.say('UANN', 'notify test sync.failed');
    const nowhere = await w.say('UANN', 'notify test proposal.declined');

    expect(cards[0]).toMatchObject({ title: 'Test notification sent' });
    expect(cards[0]!.text).toContain('#ops');
    expect(w.sent).toEqual([{ event: 'sync.failed', title: 'Test: sync.failed' }]);
    expect(nowhere[0]).toMatchObject({ tone: 'error', title: 'Nowhere to send proposal.declined' });
  });
});
