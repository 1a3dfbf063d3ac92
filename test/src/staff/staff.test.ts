import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../../domain/apps/directory.js';
import { chatSetupCommands } from '../../../src/chat-setup/commands.js';
import type { ChatRequest } from '../../../src/chat.js';
import { createChatCore } from '../../../src/commands/core.js';
import { staffCard } from '../../../src/staff/cards.js';
import { staffCommands } from '../../../src/staff/commands.js';
import { createStaffUseCases, type StaffApp } from '../../../src/staff/use-cases.js';
import { registeredToday } from '../../builders/registered.js';
import { InMemoryAppDirectory, InMemoryUserAppLinkStore } from '../../fakes/in-memory-app-directory.js';
import { InMemoryNotificationRouteStore } from '../../fakes/in-memory-chat.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../../fakes/in-memory-practice.js';
import { recordingNotifier } from '../../fakes/recording-notifier.js';

const app: StaffApp = { id: 'xpm', name: 'Xero Practice Manager', sandbox: false };
const jo: DirectoryEntry = { externalId: '30000000-0000-4000-8000-000000000001', name: 'Jo Bloggs', email: 'jo@firm.example' };
const sam: DirectoryEntry = { externalId: '30000000-0000-4000-8000-000000000002', name: 'Sam Lee' };
const kim: DirectoryEntry = { externalId: '30000000-0000-4000-8000-000000000003', name: 'Kim Park' };

const world = () => {
  const users = new InMemoryUserStore();
  const directory = new InMemoryAppDirectory();
  const userLinks = new InMemoryUserAppLinkStore();
  const notifier = recordingNotifier();
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const practices = new InMemoryPracticeStore();
  const staff = createStaffUseCases({ app, users, directory, userLinks, notifier, clock, offeredCard: (s, l) => staffCard(app, s, l, [], true) });
  const core = createChatCore({
    practices, users, audit: new InMemoryAuditLog(), clock, ids: sequentialIds(),
    commands: [
      ...chatSetupCommands({ users, routes: new InMemoryNotificationRouteStore(), clock, notifier, ...registeredToday, staffLinks: { appName: app.name, byUser: staff.linksByUser } }),
      ...staffCommands(staff),
    ],
    roleForNewUser: () => 'staff',
  });
  const say = async (user: string, text: string, displayName = user) => {
    const request: ChatRequest = {
      identity: { platform: 'slack', workspaceId: 'T1', userId: user }, displayName, text,
      channel: { id: 'C1', name: 'general' }, replyTo: { platform: 'slack', ref: { team: 'T1', user, channel: 'C1', responseUrl: 'https://hooks.slack.com/x' } },
    };
    return (await core.handle(request)).cards;
  };
  const practiceId = async () => (await practices.list())[0]!.id;
  const imported = async (list: readonly DirectoryEntry[]) => directory.replace(await practiceId(), 'xpm', 'staff', list, clock.now());
  return { say, staff, notifier, userLinks, imported, practiceId };
};

/** An admin (Ann), and Jo Bloggs and Sam here as people who have used the bot once. */
const withPeople = async () => {
  const w = world();
  await w.say('UANN', 'setup', 'Ann');
  await w.say('UJO', 'help', 'jo bloggs');
  await w.say('USAM', 'help', 'Sam');
  return w;
};

describe('the first import of staff', () => {
  it('posts a channel card offering each staff member as a user, and all at once', async () => {
    const w = await withPeople();

    await w.staff.offer(await w.practiceId(), [jo, sam]);

    const [posted] = w.notifier.sent;
    expect(posted!.card).toMatchObject({ title: 'Xero Practice Manager: add your staff as users?', visibility: 'channel' });
    expect(posted!.card.rows!.map((r) => r.buttons?.[0]?.command)).toEqual([`staff add ${jo.externalId}`, `staff add ${sam.externalId}`]);
    expect(posted!.card.buttons![0]).toEqual({ label: 'Add all', command: 'staff add all', style: 'primary' });
    expect(posted!.card.text).toContain('never copied back');
  });
});

describe('adding a staff member as a user', () => {
  it('asks who uses the bot as them, offering the asker first and each unlinked person', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);

    const [picked] = await w.say('UANN', 'staff add "jo bloggs"');

    expect(picked!.title).toBe('Who uses the bot as Jo Bloggs?');
    expect(picked!.buttons!.map((b) => b.command)).toEqual([
      `user link me xpm=${jo.externalId}`, `user link "jo bloggs" xpm=${jo.externalId}`, `user link Sam xpm=${jo.externalId}`, 'staff',
    ]);
  });

  it('links the person a button names, and `users` shows the link', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);

    const [linked] = await w.say('UANN', `user link "jo bloggs" xpm=${jo.externalId}`);
    const [people] = await w.say('UANN', 'users');

    expect(linked).toMatchObject({ tone: 'success', title: 'jo bloggs is Jo Bloggs in Xero Practice Manager' });
    expect(people!.rows!.find((r) => r.title === 'jo bloggs')!.text).toBe('Staff · Slack · Xero Practice Manager: Jo Bloggs');
    expect(people!.rows!.find((r) => r.title === 'Ann')!.text).toBe('Admin · Slack');
  });

  it('links all staff with a namesake here, and lists the rest to pick', async () => {
    const w = await withPeople();
    await w.imported([jo, sam, kim]);

    const [all] = await w.say('UANN', 'staff add all');

    expect(all!.title).toBe('Linked 1 Xero Practice Manager staff to people here');
    expect(all!.text).toContain('Jo Bloggs → jo bloggs');
    expect(all!.rows!.map((r) => r.title)).toEqual(['Kim Park', 'Sam Lee']);
    expect((await w.userLinks.list(await w.practiceId(), 'xpm')).map((l) => l.name)).toEqual(['Jo Bloggs']);
  });

  it('is for admins only', async () => {
    const w = await withPeople();
    await w.imported([jo]);

    const [refused] = await w.say('USAM', `user link me xpm=${jo.externalId}`);

    expect(refused).toMatchObject({ tone: 'error', title: 'Admins only' });
  });
});

describe('user link', () => {
  it('finds the staff member by name in any case, or by id', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);

    const [byName] = await w.say('UANN', 'user link Sam xpm="SAM LEE"');
    const [byId] = await w.say('UANN', `user link me xpm=${jo.externalId.toUpperCase()}`);

    expect(byName!.title).toBe('Sam is Sam Lee in Xero Practice Manager');
    expect(byId!.title).toBe('Ann is Jo Bloggs in Xero Practice Manager');
  });

  it('offers the unlinked staff as a chooser when no staff member is named', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);
    await w.say('UANN', `user link me xpm=${jo.externalId}`);

    const [chooser] = await w.say('UANN', 'user link Sam');

    expect(chooser!.title).toBe('Which Xero Practice Manager staff member is Sam?');
    expect(chooser!.rows!.map((r) => r.buttons![0]!.command)).toEqual([`user link Sam xpm=${sam.externalId}`]);
  });

  it('offers the staff as a chooser when the name matches none', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);

    const [chooser] = await w.say('UANN', 'user link Sam xpm=Samuel');

    expect(chooser!.title).toBe('No Xero Practice Manager staff member is called "Samuel"');
    expect(chooser!.rows!.map((r) => r.title)).toEqual(['Jo Bloggs', 'Sam Lee']);
  });

  it('refuses a staff member linked to someone else, naming them', async () => {
    const w = await withPeople();
    await w.imported([jo]);
    await w.say('UANN', `user link me xpm=${jo.externalId}`);

    const [refused] = await w.say('UANN', 'user link Sam xpm="Jo Bloggs"');

    expect(refused).toMatchObject({ tone: 'error', title: 'Jo Bloggs is already linked' });
    expect(refused!.buttons![0]!.command).toBe('user unlink Ann xpm');
  });

  it('says staff come from connecting or syncing XPM when none were imported', async () => {
    const w = await withPeople();

    const [none] = await w.say('UANN', 'user link Sam xpm=Jo');

    expect(none).toMatchObject({ tone: 'error', title: 'No Xero Practice Manager staff imported yet' });
    expect(none!.buttons![0]!.command).toBe('sync xpm');
  });
});

describe('user unlink and staff leaving', () => {
  it('unlinks a person, who stays a user', async () => {
    const w = await withPeople();
    await w.imported([jo]);
    await w.say('UANN', `user link Sam xpm=${jo.externalId}`);

    const [unlinked] = await w.say('UANN', 'user unlink Sam xpm');
    const [again] = await w.say('UANN', 'user unlink Sam xpm');
    const [people] = await w.say('UANN', 'users');

    expect(unlinked!.title).toBe('Sam is no longer Jo Bloggs in Xero Practice Manager');
    expect(again!.title).toBe('Sam was not linked to Xero Practice Manager');
    expect(people!.rows!.map((r) => r.title)).toContain('Sam');
  });

  it('keeps the user and link when the staff member leaves XPM, and says so in `users`', async () => {
    const w = await withPeople();
    await w.imported([jo, sam]);
    await w.say('UANN', `user link Sam xpm=${sam.externalId}`);

    await w.imported([jo]);

    const [people] = await w.say('UANN', 'users');
    expect(people!.rows!.find((r) => r.title === 'Sam')!.text).toBe('Staff · Slack · Xero Practice Manager: Sam Lee (no longer in its staff list)');
  });
});
