/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { webApi } from '@slack/bolt';
import { card } from '../../../src/cards.js';
import { createSlackReplies } from '../../../adapters/slack/replies.js';
import { slackTarget } from '../../../adapters/slack/request.js';
import { recordingLog } from '../../fakes/in-memory-chat.js';

const client = new webApi.WebClient('xoxb-test', { slackApiUrl: 'https://slack.test/api/', retryConfig: { retries: 0 } });
const bodies = (scope: nock.Scope, path: string, reply: object) => {
  const seen: any[] = [];
  scope.post(path, (b) => { seen.push(b); return true; }).reply(200, reply);
  return seen;
};

describe('Slack conversation replies for long work', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('posts a channel card with chat.postMessage, then updates that same message in place', async () => {
    const replies = createSlackReplies({ client, log: recordingLog() });
    const target = slackTarget({ team: 'T1', user: 'U1', channel: 'C1', responseUrl: 'https://hooks.slack.com/commands/x' });
    const api = nock('https://slack.test');
    const posted = bodies(api, '/api/chat.postMessage', { ok: true, channel: 'C1', ts: '111.222' });
    const updated = bodies(api, '/api/chat.update', { ok: true });

    const handle = await replies.post(target, card('Syncing Gusto', { text: '0 of 40 clients', visibility: 'channel' }));
    await replies.update(target, handle!, card('Syncing Gusto', { text: '20 of 40 clients', visibility: 'channel' }));

    expect(handle).toBe('chat:C1:111.222');
    expect(posted[0].channel).toBe('C1');
    expect(updated[0]).toMatchObject({ channel: 'C1', ts: '111.222' });
    expect(JSON.parse(updated[0].blocks)[1].text.text).toBe('20 of 40 clients');
  });

  it('sends private cards through response_url and replaces them there', async () => {
    const replies = createSlackReplies({ client, log: recordingLog() });
    const target = slackTarget({ team: 'T1', user: 'U1', channel: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/9/z' });
    const hook = nock('https://hooks.slack.com');
    const first = bodies(hook, '/commands/T1/9/z', {});
    const second = bodies(hook, '/commands/T1/9/z', {});

    const handle = await replies.post(target, card('Sync started'));
    await replies.update(target, handle!, card('Sync finished', { tone: 'success' }));

    expect(handle).toBe('url');
    expect(first[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(second[0]).toMatchObject({ replace_original: true });
  });

  it('falls back to response_url when the bot is not in the channel', async () => {
    const log = recordingLog();
    const replies = createSlackReplies({ client, log });
    const target = slackTarget({ team: 'T1', user: 'U1', channel: 'C9', responseUrl: 'https://hooks.slack.com/commands/T1/9/q' });
    nock('https://slack.test').post('/api/chat.postMessage').reply(200, { ok: false, error: 'not_in_channel' });
    const viaUrl = bodies(nock('https://hooks.slack.com'), '/commands/T1/9/q', {});

    const handle = await replies.post(target, card('Sync finished', { visibility: 'channel' }));

    expect(handle).toBe('url');
    expect(viaUrl[0].response_type).toBe('in_channel');
    expect(log.lines.some((l) => l.level === 'warn')).toBe(true);
  });
});
