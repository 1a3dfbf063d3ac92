import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { asId } from '../../../domain/shared/ids.js';
import type { PracticeId } from '../../../domain/shared/ids.js';
import { card } from '../../../src/cards.js';
import type { NotificationRoute } from '../../../src/chat-setup/ports.js';
import { createChatNotifier } from '../../../adapters/notify/chat-notifier.js';
import { createSlackSender, notificationClient } from '../../../adapters/slack/sender.js';
import { createTeamsAdapter } from '../../../adapters/teams/adapter.js';
import { createTeamsReplies } from '../../../adapters/teams/replies.js';
import { createTeamsSender } from '../../../adapters/teams/sender.js';
import { InMemoryNotificationOutbox, InMemoryNotificationRouteStore, recordingLog } from '../../fakes/in-memory-chat.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';

const practiceId: PracticeId = asId('p1');
const slackRoute: NotificationRoute = {
  practiceId, event: 'sync.failed', platform: 'slack', channelName: '#billing', createdBy: 'ann', createdAt: new Date(0),
  target: { platform: 'slack', ref: { team: 'T1', channel: 'C9' } },
};
const teamsRoute: NotificationRoute = {
  ...slackRoute, platform: 'teams', channelName: 'General',
  target: { platform: 'teams', ref: { serviceUrl: 'http://127.0.0.1:39877/', channelId: 'msteams', conversationId: '19:c@thread', conversationType: 'channel', tenantId: 'tn', botId: '28:bot', botName: 'Ignition' } },
};
const failed = card('Gusto sync failed', { tone: 'error', text: 'Gusto refused our token. Reconnect Gusto to resume daily syncs.', buttons: [{ label: 'Reconnect', command: 'connect gusto' }] });

const setup = async (routes: NotificationRoute[]) => {
  const store = new InMemoryNotificationRouteStore();
  for (const r of routes) await store.save(r);
  const outbox = new InMemoryNotificationOutbox();
  const log = recordingLog();
  const waits: number[] = [];
  const clock = fixedClock('2026-11-22T09:00:00Z');
  const slack = createSlackSender(notificationClient('xoxb-test', { slackApiUrl: 'https://slack.test/api/' }));
  const teams = createTeamsSender(createTeamsReplies(createTeamsAdapter(null, log), '', { allowLoopback: true }));
  const notifier = createChatNotifier({
    routes: store, outbox, senders: { slack, teams }, clock, ids: sequentialIds('out'), log,
    sleep: async (ms) => { waits.push(ms); },
  });
  return { notifier, outbox, log, waits, clock };
};

describe('chat notifier', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('posts an event to every routed channel, on Slack and on Teams', async () => {
    const { notifier } = await setup([slackRoute, teamsRoute]);
    const slack = nock('https://slack.test').post('/api/chat.postMessage', (b) => b.channel === 'C9').reply(200, { ok: true, ts: '1.1' });
    const teams = nock('http://127.0.0.1:39877').post(/\/v3\/conversations\/19%3Ac%40thread\/activities/).reply(200, { id: 'a1' });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect(slack.isDone()).toBe(true);
    expect(teams.isDone()).toBe(true);
  });

  it('waits as long as Slack asks after a 429, then posts once', async () => {
    const { notifier, outbox, waits } = await setup([slackRoute]);
    nock('https://slack.test').post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    const ok = nock('https://slack.test').post('/api/chat.postMessage').reply(200, { ok: true, ts: '1.1' });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect(waits).toEqual([7000]);
    expect(ok.isDone()).toBe(true);
    expect(outbox.entries.size).toBe(0);
  });

  it('keeps a post that keeps failing with 5xx in the outbox, logs it, and delivers it on a later retry', async () => {
    const { notifier, outbox, log, clock } = await setup([slackRoute]);
    nock('https://slack.test').post('/api/chat.postMessage').times(3).reply(503, 'down');

    await notifier.notify(practiceId, 'sync.failed', failed);

    const [entry] = [...outbox.entries.values()];
    expect(entry).toMatchObject({ status: 'pending', event: 'sync.failed', lastError: 'slack http 503' });
    expect(log.lines.some((l) => l.level === 'warn' && /outbox/.test(l.msg ?? ''))).toBe(true);

    clock.advance(60 * 60_000);
    const later = nock('https://slack.test').post('/api/chat.postMessage').reply(200, { ok: true, ts: '2.2' });
    const result = await notifier.retryDue(practiceId);

    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(later.isDone()).toBe(true);
    expect(outbox.entries.size).toBe(0);
  });

  it('marks a post to a deleted channel dead at once and logs an error', async () => {
    const { notifier, outbox, log } = await setup([slackRoute]);
    nock('https://slack.test').post('/api/chat.postMessage').reply(200, { ok: false, error: 'channel_not_found' });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect([...outbox.entries.values()][0]).toMatchObject({ status: 'dead', lastError: 'slack channel_not_found' });
    expect(log.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('starts a new channel post for a Teams route stored from inside a thread', async () => {
    const threaded: NotificationRoute = { ...teamsRoute, target: { platform: 'teams', ref: { ...teamsRoute.target.ref, conversationId: '19:c@thread;messageid=1700000000000' } } };
    const { notifier } = await setup([threaded]);
    const paths: string[] = [];
    nock('http://127.0.0.1:39877').post(/activities/).reply(200, function () { paths.push(this.req.path); return { id: 'a3' }; });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect(paths).toEqual(['/v3/conversations/19%3Ac%40thread/activities']);
  });

  it('delivers a Teams proactive post after a 429 with Retry-After (the connector client honours it)', async () => {
    const { notifier, outbox } = await setup([teamsRoute]);
    const connector = nock('http://127.0.0.1:39877');
    connector.post(/activities/).reply(429, {}, { 'retry-after': '1' });
    connector.post(/activities/).reply(200, { id: 'a2' });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect(connector.isDone()).toBe(true);
    expect(outbox.entries.size).toBe(0);
  });

  it('keeps a Teams post the connector forbids as dead, with the reason', async () => {
    const { notifier, outbox, log } = await setup([teamsRoute]);
    nock('http://127.0.0.1:39877').post(/activities/).reply(403, { error: { code: 'BotNotInConversationRoster' } });

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect([...outbox.entries.values()][0]).toMatchObject({ status: 'dead', lastError: 'teams http 403' });
    expect(log.lines.some((l) => l.level === 'error')).toBe(true);
  });

  it('refuses to send a Teams notification to a host off the allow-list', async () => {
    const evil: NotificationRoute = { ...teamsRoute, target: { platform: 'teams', ref: { ...teamsRoute.target.ref, serviceUrl: 'https://evil.example/' } } };
    const { notifier, outbox } = await setup([evil]);
    const trap = nock('https://evil.example').post(/.*/).reply(200, {});

    await notifier.notify(practiceId, 'sync.failed', failed);

    expect(trap.isDone()).toBe(false);
    expect([...outbox.entries.values()][0]!.status).toBe('dead');
  });
});
