import { describe, expect, it } from 'vitest';
import { proposalThread, threadHome } from '../../src/threads.js';

describe('thread homes', () => {
  it('keep the lasting part of a Slack or Teams conversation, and nothing of the shell or a place with no channel', () => {
    expect(threadHome({ platform: 'slack', ref: { team: 'T1', channel: 'C7', user: 'U1', responseUrl: 'https://hooks.slack.com/x', threadTs: '1.2' } }))
      .toEqual({ platform: 'slack', ref: { team: 'T1', channel: 'C7' } });
    expect(threadHome({ platform: 'teams', ref: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: '19:c@thread.tacv2;messageid=17', conversationType: 'channel' } }))
      .toEqual({ platform: 'teams', ref: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: '19:c@thread.tacv2;messageid=17', conversationType: 'channel' } });
    expect(threadHome({ platform: 'shell', ref: { session: 'terminal' } })).toBeNull();
    expect(threadHome({ platform: 'slack', ref: { team: 'T1', user: 'U1' } })).toBeNull();
    expect(threadHome(undefined)).toBeNull();
  });

  it("name a proposal's thread by its id, the key every post about it shares", () => {
    expect(proposalThread('pr-42')).toBe('proposal:pr-42');
  });
});
