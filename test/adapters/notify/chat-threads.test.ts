import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import { card, type Card } from '../../../src/cards.js';
import type { NotificationRoute } from '../../../src/chat-setup/ports.js';
import { createChatNotifier } from '../../../adapters/notify/chat-notifier.js';
import { createSlackSender, notificationClient } from '../../../adapters/slack/sender.js';
import { createTeamsAdapter } from '../../../adapters/teams/adapter.js';
import { createTeamsReplies } from '../../../adapters/teams/replies.js';
import { createTeamsSender } from '../../../adapters/teams/sender.js';
import { InMemoryChatThreadStore } from '../../fakes/in-memory-chat-threads.js';
import { InMemoryNotificationOutbox, InMemoryNotificationRouteStore, recordingLog } from '../../fakes/in-memory-chat.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';

const practiceId: PracticeId = asId('p1');
const slackRoute: NotificationRoute = {
  practiceId, event: 'proposal.viewed', platform: 'slack', channelName: '#sales', createdBy: 'ann', createdAt: new Date(0),
  target: { platform: 'slack', ref: { team: 'T1', channel: 'C9' } },
};
const teamsRef = { serviceUrl: 'http://127.0.0.1:39878/', channelId: 'msteams', conversationId: '19:c@thread.tacv2', conversationType: 'channel', tenantId: 'tn', botId: '28:bot', botName: 'Ignition' };
const teamsRoute: NotificationRoute = { ...slackRoute, platform: 'teams', channelName: 'Sales', target: { platform: 'teams', ref: teamsRef } };
const thread = 'proposal:pr-42';
const viewed = card('Jane Client opened P-42', { thread, visibility: 'channel' });
const accepted = card('Jane Client accepted P-42: Standard', { tone: 'success', thread, visibility: 'channel' });

const setup = async (routes: NotificationRoute[]) => {
  const store = new InMemoryNotificationRouteStore();
  for (const r of routes) {
    for (const event of ['proposal.viewed', 'proposal.accepted'] as const) await store.save({ ...r, event });
  }
  const threads = new InMemoryChatThreadStore();
  const outbox = new InMemoryNotificationOutbox();
  const log = recordingLog();
  const slack = createSlackSender(notificationClient('xoxb-test', { slackApiUrl: 'https://slack.test/api/' }));
  const teams = createTeamsSender(createTeamsReplies(createTeamsAdapter(null, log), '', { allowLoopback: true }));
  const notifier = createChatNotifier({
    routes: store, outbox, threads, senders: { slack, teams }, clock: fixedClock('2026-12-05T12:00:00Z'), ids: sequentialIds('out'), log, sleep: async () => {},
  });
  return { notifier, threads, outbox, log };
};

/** Slack's chat.postMessage, answering each call with the next ts and recording what was sent. */
const slackPosts = (answers: readonly object[]) => {
  const bodies: Record<string, unknown>[] = [];
  const scope = nock('https://slack.test');
  for (const answer of answers) scope.post('/api/chat.postMessage', (b) => { bodies.push(b); return true; }).reply(200, answer);
  return { bodies, scope };
};

const teamsPosts = (answers: readonly { status: number; id?: string }[]) => {
  const paths: string[] = [];
  const scope = nock('http://127.0.0.1:39878');
  for (const a of answers) scope.post(/\/v3\/conversations\/.+\/activities/).reply(function () { paths.push(decodeURIComponent(this.req.path)); return [a.status, a.id ? { id: a.id } : { error: { code: 'NotFound' } }]; });
  return { paths, scope };
};

const notifyAll = async (notifier: ReturnType<typeof createChatNotifier>, cards: readonly [string, Card][]) => {
  for (const [event, c] of cards) await notifier.notify(practiceId, event as 'proposal.viewed', c);
};

describe('threads in chat', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('replies under the first Slack post of a thread with thread_ts', async () => {
    const { notifier, threads } = await setup([slackRoute]);
    const { bodies, scope } = slackPosts([{ ok: true, channel: 'C9', ts: '100.1' }, { ok: true, channel: 'C9', ts: '100.2' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed], ['proposal.accepted', accepted]]);

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((b) => [b.channel, b.thread_ts])).toEqual([['C9', undefined], ['C9', '100.1']]);
    expect(await threads.rootOf({ practiceId, platform: 'slack', place: 'C9', key: thread })).toBe('100.1');
  });

  it('keeps a card without a thread as a post of its own', async () => {
    const { notifier } = await setup([slackRoute]);
    const { bodies } = slackPosts([{ ok: true, ts: '1.1' }, { ok: true, ts: '1.2' }]);

    await notifyAll(notifier, [['proposal.viewed', card('One')], ['proposal.viewed', card('Two')]]);

    expect(bodies.map((b) => b.thread_ts)).toEqual([undefined, undefined]);
  });

  it('starts the Slack thread again when its first post was deleted, and keeps the post', async () => {
    const { notifier, threads, log } = await setup([slackRoute]);
    await threads.claimRoot({ practiceId, platform: 'slack', place: 'C9', key: thread }, '50.5', new Date(0));
    const { bodies, scope } = slackPosts([
      { ok: false, error: 'thread_not_found' }, { ok: true, channel: 'C9', ts: '200.1' }, { ok: true, channel: 'C9', ts: '200.2' },
    ]);

    await notifyAll(notifier, [['proposal.viewed', viewed], ['proposal.accepted', accepted]]);

    expect(scope.isDone()).toBe(true);
    expect(bodies.map((b) => b.thread_ts)).toEqual(['50.5', undefined, '200.1']);
    expect(log.lines.some((l) => l.level === 'warn' && /thread root is gone/.test(l.msg ?? ''))).toBe(true);
  });

  it('replies in a Teams channel reply chain: the conversation id with ;messageid= of the first post', async () => {
    const { notifier, threads } = await setup([teamsRoute]);
    const { paths, scope } = teamsPosts([{ status: 200, id: '1733400000001' }, { status: 200, id: '1733400000002' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed], ['proposal.accepted', accepted]]);

    expect(scope.isDone()).toBe(true);
    expect(paths).toEqual([
      '/v3/conversations/19:c@thread.tacv2/activities',
      '/v3/conversations/19:c@thread.tacv2;messageid=1733400000001/activities',
    ]);
    expect(await threads.rootOf({ practiceId, platform: 'teams', place: '19:c@thread.tacv2', key: thread })).toBe('1733400000001');
  }, 15_000);

  it('starts a Teams reply chain again when its first post is gone', async () => {
    const { notifier, threads } = await setup([teamsRoute]);
    await threads.claimRoot({ practiceId, platform: 'teams', place: '19:c@thread.tacv2', key: thread }, '1700000000000', new Date(0));
    const { paths } = teamsPosts([{ status: 404 }, { status: 200, id: '1733400000009' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed]]);

    expect(paths).toEqual([
      '/v3/conversations/19:c@thread.tacv2;messageid=1700000000000/activities',
      '/v3/conversations/19:c@thread.tacv2/activities',
    ]);
    expect(await threads.rootOf({ practiceId, platform: 'teams', place: '19:c@thread.tacv2', key: thread })).toBe('1733400000009');
  }, 15_000);

  it('posts one after another in a Teams chat, which has no reply chains', async () => {
    const chat: NotificationRoute = { ...teamsRoute, target: { platform: 'teams', ref: { ...teamsRef, conversationId: 'a:1chat', conversationType: 'personal' } } };
    const { notifier } = await setup([chat]);
    const { paths } = teamsPosts([{ status: 200, id: 'x1' }, { status: 200, id: 'x2' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed], ['proposal.accepted', accepted]]);

    expect(paths).toEqual(['/v3/conversations/a:1chat/activities', '/v3/conversations/a:1chat/activities']);
  }, 15_000);

  it("also posts to the thread's home channel, once where a route already reaches it", async () => {
    const { notifier, threads } = await setup([slackRoute]);
    await threads.setHome(practiceId, thread, { platform: 'slack', ref: { team: 'T1', channel: 'C7' } }, new Date(0));
    const { bodies } = slackPosts([{ ok: true, ts: '7.1' }, { ok: true, ts: '9.1' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed]]);

    expect(bodies.map((b) => b.channel).sort()).toEqual(['C7', 'C9']);

    const again = await setup([slackRoute]);
    await again.threads.setHome(practiceId, thread, { platform: 'slack', ref: { team: 'T1', channel: 'C9' } }, new Date(0));
    const once = slackPosts([{ ok: true, ts: '9.2' }]);
    await notifyAll(again.notifier, [['proposal.viewed', viewed]]);
    expect(once.bodies.map((b) => b.channel)).toEqual(['C9']);
  });

  it('posts to the home channel of a thread whose event no channel is routed', async () => {
    const { notifier, threads } = await setup([]);
    await threads.setHome(practiceId, thread, { platform: 'slack', ref: { team: 'T1', channel: 'C7' } }, new Date(0));
    const { bodies, scope } = slackPosts([{ ok: true, ts: '7.1' }]);

    await notifier.notify(practiceId, 'proposal.sent', card('P-42 is on its way to Jane Client', { thread }));

    expect(scope.isDone()).toBe(true);
    expect(bodies[0]).toMatchObject({ channel: 'C7' });
  });

  it('posts once when the root cannot be recorded, and logs it', async () => {
    const { notifier, threads, log } = await setup([slackRoute]);
    threads.claimRoot = async () => { throw new Error('database unavailable'); };
    const { bodies } = slackPosts([{ ok: true, ts: '1.1' }, { ok: true, ts: '1.2' }]);

    await notifyAll(notifier, [['proposal.viewed', viewed]]);

    expect(bodies).toHaveLength(1);
    expect(log.lines.some((l) => l.level === 'warn' && /could not record the thread root/.test(l.msg ?? ''))).toBe(true);
  });
});
